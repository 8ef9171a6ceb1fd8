package dev.outpost.sim.load;

import java.util.Arrays;

/** Recorded latencies in nanoseconds, one slot per request (growing past the expected count); percentiles by nearest rank. */
public final class Latencies {
    private long[] nanos;
    private int count;

    public Latencies(int expected) {
        nanos = new long[Math.max(1, expected)];
    }

    public synchronized void add(long value) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = value;
    }

    public synchronized int count() {
        return count;
    }

    /** The {@code p}-th percentile (0 < p ≤ 100) in milliseconds. */
    public synchronized double percentileMillis(double p) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * count);
        return sorted[Math.max(0, Math.min(count, rank) - 1)] / 1e6;
    }
}
