package dev.outpost.api.runtime;

/** A runnable Outpost process: relay, appliance, display agent, gate controller. */
public interface Service extends AutoCloseable {

    void start() throws Exception;

    /** Stops cleanly: finishes or refuses in-flight work, releases ports and files. Safe to call twice. */
    @Override
    void close();
}
