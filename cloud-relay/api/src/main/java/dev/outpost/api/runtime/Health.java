package dev.outpost.api.runtime;

import java.time.Instant;

/**
 * The body of {@code GET /healthz} on every process.
 *
 * @param process   relay, appliance, display or gate
 * @param id        the site or device id this process serves, or the relay's node name
 * @param version   the build's version
 * @param state     what the process is doing now, e.g. RUNNING, CONNECTING, DEGRADED
 * @param startedAt when this process started
 */
public record Health(String process, String id, String version, String state, Instant startedAt) {

    /** The version written into the jar's manifest at build time, or "dev" when run from classes. */
    public static String versionOf(Class<?> type) {
        String version = type.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
