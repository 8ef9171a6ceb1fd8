package dev.outpost.sim.turnstile;

import static org.junit.jupiter.api.Assertions.fail;

import dev.outpost.hal.turnstile.TurnstileListener;
import dev.outpost.hal.turnstile.TurnstileStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/** Records what a turnstile reports; tests wait on it (woken by each report, with a deadline). */
final class Recorder implements TurnstileListener {

    static final Duration DEADLINE = Duration.ofSeconds(10);

    private final Object lock = new Object();
    private final List<TurnstileStatus> statuses = new ArrayList<>();
    private long entries;
    private long exits;

    @Override
    public void entryPassed(int count) {
        synchronized (lock) {
            entries += count;
            lock.notifyAll();
        }
    }

    @Override
    public void exitPassed(int count) {
        synchronized (lock) {
            exits += count;
            lock.notifyAll();
        }
    }

    @Override
    public void statusChanged(TurnstileStatus status) {
        synchronized (lock) {
            statuses.add(status);
            lock.notifyAll();
        }
    }

    /** "entries 1, exits 2". */
    String totals() {
        synchronized (lock) {
            return "entries " + entries + ", exits " + exits;
        }
    }

    List<TurnstileStatus> statuses() {
        synchronized (lock) {
            return List.copyOf(statuses);
        }
    }

    void awaitTotals(long wantedEntries, long wantedExits) {
        await("entries " + wantedEntries + ", exits " + wantedExits,
                () -> entries >= wantedEntries && exits >= wantedExits);
    }

    /** Waits for the last reported status to match. */
    void awaitStatus(String what, Predicate<TurnstileStatus> wanted) {
        await("a status with " + what, () -> !statuses.isEmpty() && wanted.test(statuses.getLast()));
    }

    private void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        synchronized (lock) {
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    fail("no " + what + " within " + DEADLINE.toSeconds() + " s; got " + totals() + ", statuses "
                            + statuses);
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    fail("interrupted while waiting for " + what);
                }
            }
        }
    }
}
