package dev.outpost.hal.time;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task once after a delay measured on the matching {@link Ticker}. Drivers use it for
 * debounce settling and output pulses, so tests can run them on {@link ManualTime}.
 */
@FunctionalInterface
public interface Scheduler {

    void schedule(Duration delay, Runnable task);

    /** A shared daemon thread on the system monotonic clock; pairs with {@link Ticker#system()}. */
    static Scheduler system() {
        return SystemScheduler.INSTANCE;
    }
}

final class SystemScheduler implements Scheduler {

    static final SystemScheduler INSTANCE = new SystemScheduler();

    private final ScheduledThreadPoolExecutor executor;

    private SystemScheduler() {
        executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "outpost-hal-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public void schedule(Duration delay, Runnable task) {
        executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    }
}
