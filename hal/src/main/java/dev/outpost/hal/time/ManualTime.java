package dev.outpost.hal.time;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wall time, monotonic time and a scheduler that only move when {@link #advance(Duration)} is
 * called, for tests and simulators. Tasks scheduled on it run on the advancing thread, in due
 * order, with the clock set to their due time while they run.
 */
public final class ManualTime implements InstantSource, Ticker, Scheduler {

    private static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    private record Task(long dueNanos, long seq, Runnable action) {}

    private final Object lock = new Object();
    private final ReentrantLock advancing = new ReentrantLock();
    private final Instant origin;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>(
            (a, b) -> a.dueNanos != b.dueNanos ? Long.compare(a.dueNanos, b.dueNanos) : Long.compare(a.seq, b.seq));
    private long nanos;
    private long seq;

    private ManualTime(Instant origin) {
        this.origin = origin;
    }

    public static ManualTime at(Instant start) {
        return new ManualTime(Objects.requireNonNull(start, "start"));
    }

    public static ManualTime create() {
        return at(DEFAULT_START);
    }

    @Override
    public long nanos() {
        synchronized (lock) {
            return nanos;
        }
    }

    @Override
    public Instant instant() {
        return origin.plusNanos(nanos());
    }

    @Override
    public void schedule(Duration delay, Runnable task) {
        Objects.requireNonNull(task, "task");
        synchronized (lock) {
            long due = nanos + Math.max(0, delay.toNanos());
            tasks.add(new Task(due, seq++, task));
        }
    }

    /** Moves time forward, running every task that falls due on the way. */
    public void advance(Duration step) {
        if (step.isNegative()) {
            throw new IllegalArgumentException("manual time: advance must not be negative, was " + step);
        }
        advancing.lock();
        try {
            long target;
            synchronized (lock) {
                target = nanos + step.toNanos();
            }
            while (true) {
                Task next;
                synchronized (lock) {
                    next = tasks.peek();
                    if (next == null || next.dueNanos > target) {
                        nanos = target;
                        return;
                    }
                    tasks.poll();
                    nanos = Math.max(nanos, next.dueNanos);
                }
                next.action.run();
            }
        } finally {
            advancing.unlock();
        }
    }

    /** Tasks scheduled and not yet run. */
    public int pendingTasks() {
        synchronized (lock) {
            return tasks.size();
        }
    }

    @Override
    public String toString() {
        return "ManualTime[" + instant() + "]";
    }
}
