package dev.outpost.api.logging;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.tinylog.configuration.Configuration;

/**
 * Configures tinylog once, at start, before the first log line. SLF4J users (Jetty, Netty, Paho) reach the same
 * writer through slf4j-tinylog. Identity fields (process, site, device) are written on every JSON line.
 */
public final class Logging {
    private Logging() {
    }

    /** Call once, before the first log line. {@code site} and {@code device} may be null where they do not apply. */
    public static void configure(LogSettings settings, String process, String site, String device) {
        Map<String, String> identity = new LinkedHashMap<>();
        identity.put("process", process);
        if (site != null) {
            identity.put("site", site);
        }
        if (device != null) {
            identity.put("device", device);
        }
        String level = settings.level().name().toLowerCase(Locale.ROOT);
        Configuration.set("writer", settings.format() == LogFormat.JSON ? "json lines" : "console");
        Configuration.set("writer.level", level);
        Configuration.set("writer.stream", "out");
        if (settings.format() == LogFormat.TEXT) {
            String who = String.join(" ", identity.values());
            Configuration.set("writer.format", "{date: yyyy-MM-dd HH:mm:ss.SSS} {level|min-size=5} " + who + " [{thread}] {class-name}: {message}");
        } else {
            identity.forEach((key, value) -> Configuration.set("writer.field." + key, value));
        }
        Configuration.set("writingthread", "false");
    }
}
