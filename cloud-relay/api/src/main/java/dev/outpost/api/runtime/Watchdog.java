package dev.outpost.api.runtime;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * Tells systemd that the process is ready, alive and stopping ({@code Type=notify}, {@code WatchdogSec=}). It pings
 * the watchdog only while the process's own check ({@link Service#wedged()}) passes, so a wedged process stops pinging
 * and systemd restarts it; a timer that pinged regardless would only prove the JVM has a live thread.
 *
 * <p>It pings at half of {@code WATCHDOG_USEC}, as sd_watchdog_enabled(3) advises, and does nothing at all when
 * {@code NOTIFY_SOCKET} is unset (run by hand, in tests, in the demo). The messages go through a {@link Notifier}:
 * the JDK cannot send to the unix datagram socket itself (see {@link HelperNotifier}).
 */
public final class Watchdog implements AutoCloseable {

    /** Where the messages go, one {@code KEY=value} state per call. */
    public interface Notifier extends AutoCloseable {
        void send(String state);

        @Override
        void close();
    }

    /** Runs {@code task} every {@code period} until the returned handle is closed. */
    @FunctionalInterface
    public interface Repeater {
        AutoCloseable every(Duration period, Runnable task);
    }

    /**
     * What the environment systemd gives the process asks for.
     *
     * @param enabled   whether to send anything at all ({@code NOTIFY_SOCKET} set)
     * @param socket    the socket to send to ({@code NOTIFY_SOCKET}), empty when not notifying
     * @param pingEvery how often to ping the watchdog: half of {@code WATCHDOG_USEC}; empty when the unit has no
     *                  watchdog or it watches another process ({@code WATCHDOG_PID})
     */
    public record Plan(boolean enabled, String socket, Optional<Duration> pingEvery) {
        public static final Plan OFF = new Plan(false, "", Optional.empty());

        public static Plan from(Map<String, String> env, long pid) {
            String socket = env.getOrDefault("NOTIFY_SOCKET", "").strip();
            if (socket.isEmpty()) {
                return OFF;
            }
            String watchedPid = env.getOrDefault("WATCHDOG_PID", "").strip();
            if (!watchedPid.isEmpty() && !watchedPid.equals(Long.toString(pid))) {
                return new Plan(true, socket, Optional.empty());
            }
            long usec;
            try {
                usec = Long.parseLong(env.getOrDefault("WATCHDOG_USEC", "0").strip());
            } catch (NumberFormatException e) {
                usec = 0;
            }
            return new Plan(true, socket, usec > 0 ? Optional.of(Duration.ofNanos(usec * 500)) : Optional.empty());
        }
    }

    private final String process;
    private final Plan plan;
    private final Notifier notifier;
    private final Repeater repeater;
    private final Supplier<Optional<String>> check;
    private AutoCloseable pinging;
    private Optional<String> lastProblem = Optional.empty();
    private boolean stopped;

    Watchdog(String process, Plan plan, Notifier notifier, Repeater repeater, Supplier<Optional<String>> check) {
        this.process = process;
        this.plan = plan;
        this.notifier = notifier;
        this.repeater = repeater;
        this.check = check;
    }

    /** From this process's environment; the check is asked on a daemon thread of its own. */
    public static Watchdog fromEnvironment(String process, Supplier<Optional<String>> check) {
        Plan plan = Plan.from(System.getenv(), ProcessHandle.current().pid());
        if (!plan.enabled()) {
            return new Watchdog(process, plan, null, null, check);
        }
        Logger.info("{}: systemd notification on {}, watchdog {}", process, plan.socket(),
                plan.pingEvery().map(d -> "pinged every " + d.toMillis() + " ms while healthy").orElse("off"));
        return new Watchdog(process, plan, HelperNotifier.to(plan.socket()), Watchdog::daemonRepeater, check);
    }

    public Plan plan() {
        return plan;
    }

    /** The process has started: {@code READY=1}, then the pings begin. */
    public synchronized void ready() {
        if (!plan.enabled()) {
            return;
        }
        notifier.send("READY=1");
        notifier.send("STATUS=running");
        if (plan.pingEvery().isPresent() && pinging == null && !stopped) {
            pinging = repeater.every(plan.pingEvery().get(), this::tick);
        }
    }

    /** One round: ask the check (without holding the lock: it may take seconds), ping only if it passes. */
    void tick() {
        Optional<String> problem;
        try {
            problem = check.get();
        } catch (RuntimeException e) {
            problem = Optional.of("its health check failed: " + e);
        }
        synchronized (this) {
            if (plan.enabled() && !stopped) {
                report(problem);
            }
        }
    }

    private void report(Optional<String> problem) {
        if (problem.isEmpty()) {
            notifier.send("WATCHDOG=1");
            if (lastProblem.isPresent()) {
                Logger.info("{}: healthy again; pinging the systemd watchdog again", process);
                notifier.send("STATUS=running");
            }
        } else if (!problem.equals(lastProblem)) {
            Logger.warn("{}: not pinging the systemd watchdog: {}; systemd restarts the process if this lasts "
                    + "longer than WatchdogSec", process, problem.get());
            notifier.send("STATUS=wedged: " + problem.get().replace('\n', ' '));
        }
        lastProblem = problem;
    }

    /** The process is stopping: no more pings, {@code STOPPING=1}. */
    public synchronized void stopping() {
        stopped = true;
        stopPinging();
        if (plan.enabled()) {
            notifier.send("STOPPING=1");
        }
    }

    @Override
    public synchronized void close() {
        stopPinging();
        if (notifier != null) {
            notifier.close();
        }
    }

    private void stopPinging() {
        if (pinging != null) {
            try {
                pinging.close();
            } catch (Exception e) {
                Logger.debug("{}: stopping the watchdog pings: {}", process, e);
            }
            pinging = null;
        }
    }

    private static AutoCloseable daemonRepeater(Duration period, Runnable task) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "systemd-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleAtFixedRate(task, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
        return scheduler::shutdownNow;
    }
}
