package dev.outpost.appliance.outbox;

import java.time.Duration;

/**
 * Exponential backoff: {@code first} after one failure, doubling with each further failure, never above {@code cap}.
 *
 * @param first the pause after the first failure
 * @param cap   the longest pause
 */
public record Backoff(Duration first, Duration cap) {
    /** The outbox's: 1 s doubling to at most 5 min (ARCHITECTURE.md §7). */
    public static final Backoff OUTBOX = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));

    public Backoff {
        if (first == null || first.isNegative() || first.isZero()) {
            throw new IllegalArgumentException("backoff: the first pause must be positive, was " + first);
        }
        if (cap == null || cap.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff: the cap must be at least the first pause " + first + ", was " + cap);
        }
    }

    /** The pause after {@code failures} failures in a row (at least 1). */
    public Duration after(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("backoff: failures must be at least 1, was " + failures);
        }
        Duration pause = first;
        for (int i = 1; i < failures && pause.compareTo(cap) < 0; i++) {
            pause = pause.multipliedBy(2);
        }
        return pause.compareTo(cap) > 0 ? cap : pause;
    }
}
