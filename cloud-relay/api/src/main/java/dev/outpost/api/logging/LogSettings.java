package dev.outpost.api.logging;

import dev.outpost.api.config.ConfigReader;

/** The log.format and log.level keys every process reads. */
public record LogSettings(LogFormat format, LogLevel level) {

    public enum LogLevel { TRACE, DEBUG, INFO, WARN, ERROR }

    public static LogSettings read(ConfigReader in) {
        return new LogSettings(
                in.enumValue("log.format", LogFormat.class, LogFormat.TEXT),
                in.enumValue("log.level", LogLevel.class, LogLevel.INFO));
    }
}
