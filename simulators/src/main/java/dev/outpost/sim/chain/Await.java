package dev.outpost.sim.chain;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Waits for a condition with a deadline. Other processes give us no event to block on, so this polls; the
 * deadline, not the poll interval, is what a caller states.
 */
public final class Await {
    private static final Duration POLL = Duration.ofMillis(100);

    private Await() {
    }

    /** Polls {@code probe} until it yields a value, or fails after {@code deadline} naming {@code what} and the last observation. */
    public static <T> T until(String what, Duration deadline, Supplier<Optional<T>> probe, Supplier<String> lastSeen)
            throws TimeoutException {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() - end > 0) {
                throw new TimeoutException(what + ": not true after " + deadline.toSeconds() + " s; last seen: " + lastSeen.get());
            }
            LockSupport.parkNanos(POLL.toNanos());
            if (Thread.interrupted()) {
                throw new TimeoutException(what + ": interrupted while waiting");
            }
        }
    }
}
