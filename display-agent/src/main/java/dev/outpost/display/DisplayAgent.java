package dev.outpost.display;

import dev.outpost.api.runtime.Health;
import dev.outpost.api.runtime.Service;
import dev.outpost.site.health.HealthServer;
import dev.outpost.site.presence.DeviceLink;
import dev.outpost.site.presence.DeviceSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.time.InstantSource;
import java.util.Locale;

/** The display agent's front door: {@code DisplayAgent.create(config, clock)}, {@link #start()}, {@link #close()}. */
public final class DisplayAgent implements Service {
    private final DisplayConfig config;
    private final InstantSource clock;
    private final String version = Health.versionOf(DisplayAgent.class);
    private final java.time.Instant startedAt;
    private DeviceLink link;
    private HealthServer http;

    private DisplayAgent(DisplayConfig config, InstantSource clock) {
        this.config = config;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    public static DisplayAgent create(DisplayConfig config, InstantSource clock) {
        return new DisplayAgent(config, clock);
    }

    @Override
    public void start() throws IOException {
        DeviceSettings device = config.device();
        Files.createDirectories(device.dataDir());
        String role = config.role().name().toLowerCase(Locale.ROOT);
        link = DeviceLink.open(new DeviceLink.Identity(device.siteId(), device.deviceId(), role, version),
                device.brokerUrl(), device.brokerPassword().toCharArray(), device.heartbeatPeriod(), clock, this::state);
        http = HealthServer.start(device.httpHost(), device.httpPort(), this::health);
    }

    /** RUNNING while linked to the site, CONNECTING while the site broker is out of reach. */
    private String state() {
        return link != null && link.isConnected() ? "RUNNING" : "CONNECTING";
    }

    public Health health() {
        return new Health("display", config.device().deviceId(), version, state(), startedAt);
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
    }
}
