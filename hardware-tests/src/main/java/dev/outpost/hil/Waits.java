package dev.outpost.hil;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits on a condition with a deadline; hardware gives the checks nothing to block on, so this looks (every 1 ms). */
public final class Waits {
    private static final long LOOK_NANOS = 1_000_000L;

    private Waits() {
    }

    /** @return how long it took for {@code condition} to hold, or empty when it did not within {@code deadline} */
    public static Optional<Duration> until(Duration deadline, BooleanSupplier condition) {
        return until(deadline, Duration.ofNanos(LOOK_NANOS), condition);
    }

    /** As {@link #until(Duration, BooleanSupplier)}, looking only {@code every} so often: for a costly look. */
    public static Optional<Duration> until(Duration deadline, Duration every, BooleanSupplier condition) {
        long start = System.nanoTime();
        long end = start + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0 || Thread.currentThread().isInterrupted()) {
                return Optional.empty();
            }
            LockSupport.parkNanos(every.toNanos());
        }
        return Optional.of(Duration.ofNanos(System.nanoTime() - start));
    }

    /** {@code 0.4 ms}, {@code 12 ms}, {@code 1.5 s}: timings as the report shows them. */
    public static String format(Duration d) {
        long micros = d.toNanos() / 1_000;
        if (micros < 10_000) {
            return String.format("%.1f ms", micros / 1000.0);
        }
        if (micros < 10_000_000) {
            return (micros / 1000) + " ms";
        }
        return String.format("%.1f s", micros / 1_000_000.0);
    }
}
