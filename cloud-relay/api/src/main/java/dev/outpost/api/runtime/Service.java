package dev.outpost.api.runtime;

import java.util.Optional;

/** A runnable Outpost process: relay, appliance, display agent, gate controller. */
public interface Service extends AutoCloseable {

    void start() throws Exception;

    /**
     * What keeps this process from doing its work right now, or empty while it does it. The systemd watchdog
     * ({@link Watchdog}) asks every few seconds from its own thread and pings systemd only on an empty answer, so a
     * wedged process is restarted. Answer within a few seconds. A peer out of reach (the WAN, the site broker, a
     * database server) is not wedged: a restart would not bring it back.
     */
    default Optional<String> wedged() {
        return Optional.empty();
    }

    /** Stops cleanly: finishes or refuses in-flight work, releases ports and files. Safe to call twice. */
    @Override
    void close();
}
