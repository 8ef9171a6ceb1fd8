package dev.outpost.gate;

import dev.outpost.api.runtime.Health;
import dev.outpost.api.runtime.Service;
import dev.outpost.hal.gpio.DigitalOutput;
import dev.outpost.hal.gpio.DigitalOutputConfig;
import dev.outpost.hal.gpio.Gpio;
import dev.outpost.hal.gpio.State;
import dev.outpost.site.presence.DeviceRuntime;
import java.io.IOException;
import java.time.InstantSource;

/**
 * The gate controller's front door: {@code GateController.create(config, clock)}, {@link #start()}, {@link #close()}.
 * It takes its turnstile's lines at start (so missing GPIO hardware is an error now, not at the first person),
 * holds the entry locked, and releases it when it stops: a stopped controller never traps anyone.
 */
public final class GateController implements Service {
    private final GateConfig config;
    private final InstantSource clock;
    private Gpio gpio;
    private DigitalOutput entryUnlock;
    private DeviceRuntime runtime;

    private GateController(GateConfig config, InstantSource clock) {
        this.config = config;
        this.clock = clock;
    }

    public static GateController create(GateConfig config, InstantSource clock) {
        return new GateController(config, clock);
    }

    @Override
    public void start() throws IOException {
        gpio = Gpio.open(config.gpio());
        entryUnlock = gpio.output(new DigitalOutputConfig("entry-unlock", config.entryUnlockLine(), State.LOW, State.HIGH));
        runtime = DeviceRuntime.start("gate", "gate", config.device(), Health.versionOf(GateController.class), clock);
    }

    public Health health() {
        return runtime.health();
    }

    public int httpPort() {
        return runtime.httpPort();
    }

    @Override
    public void close() {
        if (runtime != null) {
            runtime.close();
        }
        if (entryUnlock != null) {
            entryUnlock.close();
        }
        if (gpio != null) {
            gpio.close();
        }
    }
}
