package dev.outpost.hal.time;

/**
 * A monotonic clock in nanoseconds, for measuring intervals (debounce windows, read deadlines).
 * Values are only meaningful relative to each other from the same ticker.
 */
@FunctionalInterface
public interface Ticker {

    long nanos();

    static Ticker system() {
        return System::nanoTime;
    }
}
