package dev.outpost.gate;

import dev.outpost.api.runtime.Health;
import dev.outpost.api.runtime.Service;
import dev.outpost.hal.gpio.DigitalOutput;
import dev.outpost.hal.gpio.DigitalOutputConfig;
import dev.outpost.hal.gpio.Gpio;
import dev.outpost.hal.gpio.State;
import dev.outpost.site.health.HealthServer;
import dev.outpost.site.presence.DeviceLink;
import dev.outpost.site.presence.DeviceSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The gate controller's front door: {@code GateController.create(config, clock)}, {@link #start()}, {@link #close()}.
 * It takes its turnstile's lines at start (so missing GPIO hardware is an error now, not at the first person),
 * holds the entry locked, and releases it when it stops: a stopped controller never traps anyone.
 */
public final class GateController implements Service {
    private final GateConfig config;
    private final InstantSource clock;
    private final String version = Health.versionOf(GateController.class);
    private final Instant startedAt;
    private Gpio gpio;
    private DigitalOutput entryUnlock;
    private DeviceLink link;
    private HealthServer http;

    private GateController(GateConfig config, InstantSource clock) {
        this.config = config;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    public static GateController create(GateConfig config, InstantSource clock) {
        return new GateController(config, clock);
    }

    @Override
    public void start() throws IOException {
        DeviceSettings device = config.device();
        Files.createDirectories(device.dataDir());
        gpio = Gpio.open(config.gpio());
        entryUnlock = gpio.output(new DigitalOutputConfig("entry-unlock", config.entryUnlockLine(), State.LOW, State.HIGH));
        link = DeviceLink.open(new DeviceLink.Identity(device.siteId(), device.deviceId(), "gate", version),
                device.brokerUrl(), device.brokerPassword().toCharArray(), device.heartbeatPeriod(), clock, this::state);
        http = HealthServer.start(device.httpHost(), device.httpPort(), this::health);
    }

    /** RUNNING while linked to the site, CONNECTING while the site broker is out of reach. */
    private String state() {
        return link != null && link.isConnected() ? "RUNNING" : "CONNECTING";
    }

    public Health health() {
        return new Health("gate", config.device().deviceId(), version, state(), startedAt);
    }

    public int httpPort() {
        return http.port();
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
        if (link != null) {
            link.close();
        }
        if (entryUnlock != null) {
            entryUnlock.close();
        }
        if (gpio != null) {
            gpio.close();
        }
    }
}
