package dev.outpost.display;

import dev.outpost.api.runtime.DataFormat;
import dev.outpost.api.runtime.Health;
import dev.outpost.api.runtime.SelfProbe;
import dev.outpost.api.runtime.Service;
import dev.outpost.site.presence.DeviceRuntime;
import java.io.IOException;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Optional;

/** The display agent's front door: {@code DisplayAgent.create(config, clock)}, {@link #start()}, {@link #close()}. */
public final class DisplayAgent implements Service {
    /**
     * The format of what this release keeps in {@code data.dir}, recorded there ({@link DataFormat}); raise it in the
     * release whose data an older one would misread, so that older one refuses to start on it.
     */
    public static final int DATA_FORMAT = 1;
    private final DisplayConfig config;
    private final InstantSource clock;
    private volatile DeviceRuntime runtime;

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

    /** Whether the agent's HTTP server answers its own {@code /healthz}; the site broker out of reach is not wedged. */
    @Override
    public Optional<String> wedged() {
        DeviceRuntime current = runtime;
        if (current == null) {
            return Optional.of("display " + config.device().deviceId() + ": not started");
        }
        return SelfProbe.healthz(config.device().httpHost(), current.httpPort());
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
