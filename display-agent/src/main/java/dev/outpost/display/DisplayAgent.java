package dev.outpost.display;

import dev.outpost.api.runtime.Health;
import dev.outpost.api.runtime.Service;
import dev.outpost.site.presence.DeviceRuntime;
import java.io.IOException;
import java.time.InstantSource;
import java.util.Locale;

/** The display agent's front door: {@code DisplayAgent.create(config, clock)}, {@link #start()}, {@link #close()}. */
public final class DisplayAgent implements Service {
    private final DisplayConfig config;
    private final InstantSource clock;
    private DeviceRuntime runtime;

    private DisplayAgent(DisplayConfig config, InstantSource clock) {
        this.config = config;
        this.clock = clock;
    }

    public static DisplayAgent create(DisplayConfig config, InstantSource clock) {
        return new DisplayAgent(config, clock);
    }

    @Override
    public void start() throws IOException {
        runtime = DeviceRuntime.start("display", config.role().name().toLowerCase(Locale.ROOT), config.device(),
                Health.versionOf(DisplayAgent.class), clock);
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
    }
}
