package dev.outpost.appliance.flip;

import dev.outpost.api.config.ConfigReader;
import java.time.Duration;

/**
 * The flip coordinator's settings. Every key, its default and unit is in the README's configuration reference.
 *
 * @param lead           flip.lead: PREPARE goes out this long before the activation instant (at once when a flip is
 *                       first seen inside it)
 * @param abortOnMissing flip.abort-on-missing: abort a flip unless every screen prepared; false: go ahead when all
 *                       but one did, and let that one catch up
 * @param mixedBound     flip.mixed-bound: screens of one flip still showing different versions this long after its
 *                       activation raise an alarm
 */
public record FlipConfig(Duration lead, boolean abortOnMissing, Duration mixedBound) {
    public static final Duration DEFAULT_LEAD = Duration.ofMinutes(10);
    public static final Duration DEFAULT_MIXED_BOUND = Duration.ofSeconds(60);

    public static FlipConfig defaults() {
        return new FlipConfig(DEFAULT_LEAD, false, DEFAULT_MIXED_BOUND);
    }

    public static FlipConfig read(ConfigReader in) {
        Duration lead = in.duration("flip.lead", DEFAULT_LEAD, Duration.ofSeconds(1), Duration.ofHours(2));
        String missing = in.string("flip.abort-on-missing", "false");
        boolean abort = switch (missing) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                in.problem("flip.abort-on-missing must be true or false, was '" + missing + "'");
                yield false;
            }
        };
        Duration mixed = in.duration("flip.mixed-bound", DEFAULT_MIXED_BOUND, Duration.ofSeconds(1), Duration.ofHours(1));
        return new FlipConfig(lead, abort, mixed);
    }
}
