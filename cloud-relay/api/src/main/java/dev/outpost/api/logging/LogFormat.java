package dev.outpost.api.logging;

/** How a process writes its log lines to standard output. */
public enum LogFormat {
    /** One human-readable line per entry. */
    TEXT,
    /** One JSON object per line, for collectors: time, level, process, site, device, logger, thread, message, error, and the thread context. */
    JSON
}
