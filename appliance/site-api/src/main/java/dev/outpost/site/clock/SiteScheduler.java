package dev.outpost.site.clock;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.tinylog.Logger;

/**
 * Runs tasks at instants of an {@link InstantSource} — site time on a device, the appliance's clock on the appliance —
 * on one thread, in order of their instants.
 *
 * <p>Design: deadlines are re-read against the clock at least every {@code recheck} (every 100 ms while the next one is
 * more than a second away, not at all while nothing is scheduled), never turned into a delay once and trusted: a site clock's offset moves when a new sample comes in, and a test moves its clock by hand, and either
 * must move the deadline with it. A task runs once the clock reads at or past its instant; none runs early.
 */
public final class SiteScheduler implements AutoCloseable {

    /** A scheduled task; {@link #cancel()} before it ran keeps it from running. */
    public interface Task {
        boolean cancel();
    }

    public static final Duration DEFAULT_RECHECK = Duration.ofMillis(5);
    private static final Duration FAR = Duration.ofSeconds(1);
    private static final Duration FAR_RECHECK = Duration.ofMillis(100);

    private final String name;
    private final InstantSource clock;
    private final long recheckNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private final AtomicLong sequence = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    private final class Entry implements Comparable<Entry>, Task {
        final Instant at;
        final long seq = sequence.incrementAndGet();
        final Runnable task;
        boolean cancelled;

        Entry(Instant at, Runnable task) {
            this.at = at;
            this.task = task;
        }

        @Override
        public int compareTo(Entry other) {
            int c = at.compareTo(other.at);
            return c != 0 ? c : Long.compare(seq, other.seq);
        }

        @Override
        public boolean cancel() {
            lock.lock();
            try {
                boolean was = !cancelled && queue.remove(this);
                cancelled = true;
                return was;
            } finally {
                lock.unlock();
            }
        }
    }

    private SiteScheduler(String name, InstantSource clock, Duration recheck) {
        this.name = name;
        this.clock = clock;
        this.recheckNanos = recheck.toNanos();
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    /** Starts a scheduler thread called {@code name} that re-reads {@code clock} every 5 ms near a deadline. */
    public static SiteScheduler start(String name, InstantSource clock) {
        return start(name, clock, DEFAULT_RECHECK);
    }

    public static SiteScheduler start(String name, InstantSource clock, Duration recheck) {
        if (clock == null || recheck == null || recheck.isNegative() || recheck.isZero()) {
            throw new IllegalArgumentException(name + ": scheduler needs a clock and a positive recheck, was " + recheck);
        }
        SiteScheduler scheduler = new SiteScheduler(name, clock, recheck);
        scheduler.thread.start();
        return scheduler;
    }

    /** Runs {@code task} once the clock reads {@code at} or later (at once if it already does). */
    public Task at(Instant at, Runnable task) {
        Entry entry = new Entry(at, task);
        lock.lock();
        try {
            if (closed) {
                entry.cancelled = true;
                return entry;
            }
            queue.add(entry);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return entry;
    }

    /** Runs {@code task} on the scheduler's thread as soon as it is free. */
    public Task now(Runnable task) {
        return at(Instant.MIN, task);
    }

    public InstantSource clock() {
        return clock;
    }

    private void run() {
        while (!closed) {
            Entry due = null;
            lock.lock();
            try {
                Entry head = queue.peek();
                if (head != null && !clock.instant().isBefore(head.at)) {
                    due = queue.poll();
                } else if (head == null) {
                    changed.await(); // nothing to run: sleep until something is scheduled
                } else {
                    // near a deadline, re-read the clock every recheck; far from it, a tenth of a second is close
                    // enough (an idle device does not wake 200 times a second for a flip an hour away)
                    Duration until = Duration.between(clock.instant(), head.at); // Instant.MAX is too far for nanos
                    long wait = until.compareTo(FAR) > 0 ? FAR_RECHECK.toNanos() : Math.max(1, Math.min(until.toNanos(), recheckNanos));
                    changed.awaitNanos(wait);
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            if (due != null) {
                try {
                    due.task.run();
                } catch (RuntimeException e) {
                    Logger.error(e, "{}: a scheduled task failed: {}", name, e.getMessage());
                }
            }
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            queue.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
