package dev.outpost.relay.staff;

import java.time.Duration;

/** Durations in messages the way the config file writes them: 15m, 12h, 90s. */
final class ConfigText {
    private ConfigText() {
    }

    static String of(Duration d) {
        long s = d.toSeconds();
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
