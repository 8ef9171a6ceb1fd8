package dev.outpost.site.clock;

import java.util.ArrayDeque;
import java.util.Optional;

/**
 * Minimum-round-trip filter over the last {@code window} samples: the exchange that spent least time on the
 * network had the least room for asymmetric delay, so its offset is the most trustworthy (the bound is half its
 * round trip). Queueing delay only ever adds, which is why averaging does worse than picking the fastest sample.
 * Not thread-safe; {@link SiteClock} guards it.
 */
public final class ClockEstimator {

    public static final int DEFAULT_WINDOW = 8;

    private final int window;
    private final ArrayDeque<ClockSample> samples;

    public ClockEstimator(int window) {
        if (window < 1 || window > 1024) {
            throw new IllegalArgumentException("site clock: sample window must be between 1 and 1024, was " + window);
        }
        this.window = window;
        this.samples = new ArrayDeque<>(window);
    }

    public void add(ClockSample sample) {
        if (samples.size() == window) {
            samples.removeFirst();
        }
        samples.addLast(sample);
    }

    /** The retained sample with the smallest round trip; the latest one wins ties. */
    public Optional<ClockSample> best() {
        ClockSample best = null;
        for (ClockSample s : samples) {
            if (best == null || s.roundTrip().compareTo(best.roundTrip()) <= 0) {
                best = s;
            }
        }
        return Optional.ofNullable(best);
    }

    public int size() {
        return samples.size();
    }

    public int window() {
        return window;
    }
}
