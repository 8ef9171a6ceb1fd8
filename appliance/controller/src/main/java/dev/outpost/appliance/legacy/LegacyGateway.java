package dev.outpost.appliance.legacy;

import dev.outpost.appliance.outbox.Backoff;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.tinylog.Logger;

/**
 * Forwards completed sales to a legacy POS (README, "The legacy POS gateway"). {@link #forward} stores the sale in
 * {@code legacy.db} before it returns; one worker sends the queue in order through a {@link Breaker}, every call cut
 * off at the configured timeout however the device or the line behaves. A failure pauses the worker with backoff;
 * failures in a row open the breaker, and after its cool-down a PING probes the device before sales go again. A sale
 * the device refuses for good is parked and the queue goes on. The device de-duplicates by transaction id, so a
 * sale sent again after a lost answer or a restart arrives once.
 */
public final class LegacyGateway implements AutoCloseable {
    /** How many parked sales {@link #status()} shows. */
    public static final int SHOWN_PARKED = 20;

    private final LegacyPos pos;
    private final RetryQueue queue;
    private final Breaker breaker;
    private final Backoff backoff;
    private final Duration timeout;
    private final Duration answerWithin;
    private final InstantSource clock;
    private final LongSupplier ticker;
    private final ScheduledExecutorService worker;
    private final ExecutorService calls;
    private final Object lock = new Object();
    private boolean queued;
    private boolean pausing;
    private long retryAt;
    private long delivered;
    private Instant lastDeliveredAt;

    private LegacyGateway(LegacyPos pos, RetryQueue queue, Breaker breaker, Backoff backoff, Duration timeout,
                          InstantSource clock, LongSupplier ticker) {
        this.pos = pos;
        this.queue = queue;
        this.breaker = breaker;
        this.backoff = backoff;
        this.timeout = timeout;
        // the device's own deadline ends a plain silence a little before the hard limit, so the line is reset only
        // when a call is really stuck (a write or a connect that does not return)
        this.answerWithin = timeout.minus(timeout.dividedBy(10));
        this.clock = clock;
        this.ticker = ticker;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "legacy-pos"));
        this.calls = Executors.newSingleThreadExecutor(r -> daemon(r, "legacy-pos-call"));
    }

    /** Opens {@code dataDir/legacy.db} and starts sending whatever waits in it to the configured device. */
    public static LegacyGateway start(LegacyConfig config, Path dataDir, InstantSource clock, LongSupplier ticker) {
        return start(config.open(ticker), dataDir.resolve("legacy.db"), config, clock, ticker);
    }

    /** As {@link #start(LegacyConfig, Path, InstantSource, LongSupplier)}, to a device given (a test's). */
    public static LegacyGateway start(LegacyPos pos, Path file, LegacyConfig config, InstantSource clock,
                                      LongSupplier ticker) {
        RetryQueue queue = RetryQueue.open(file, clock);
        LegacyGateway gateway = new LegacyGateway(pos, queue,
                new Breaker(config.breakerFailures(), config.breakerCoolDown(), ticker), config.backoff(),
                config.timeout(), clock, ticker);
        Logger.info("legacy pos {}: gateway started; {} sales waiting", pos.address(), queue.depth(0).pending());
        gateway.wake();
        return gateway;
    }

    /**
     * Queues a completed sale for the legacy POS, durably: once this returns, the sale reaches the device even if
     * the appliance restarts first. Forwarding the same sale again changes nothing.
     *
     * @return false when this sale was forwarded before
     * @throws IllegalArgumentException when a sale with its transaction id was forwarded with other contents
     * @throws LegacyGatewayException   when it could not be stored; then it was not
     */
    public boolean forward(SaleRecord sale) {
        boolean stored = queue.enqueue(sale);
        if (stored) {
            wake();
        }
        return stored;
    }

    public LegacyStatus status() {
        RetryQueue.Depth depth = queue.depth(SHOWN_PARKED);
        Breaker.View view = breaker.view();
        Long oldestAgeMs = depth.oldestQueuedAt() == null ? null
                : Math.max(0, Duration.between(depth.oldestQueuedAt(), clock.instant()).toMillis());
        synchronized (lock) {
            Long retryIn = pausing ? Math.max(0, (retryAt - ticker.getAsLong()) / 1_000_000) : null;
            return new LegacyStatus(pos.address(), depth.pending(), oldestAgeMs, depth.parked(), depth.recentParked(),
                    view.state().name(), view.failuresInARow(), view.opened(), retryIn, view.lastError(), delivered,
                    lastDeliveredAt);
        }
    }

    private void wake() {
        synchronized (lock) {
            if (queued || pausing) {
                return;
            }
            queued = true;
        }
        schedule(Duration.ZERO);
    }

    private void drain() {
        synchronized (lock) {
            queued = false;
            pausing = false;
        }
        try {
            for (Optional<RetryQueue.Queued> head = queue.head(); head.isPresent(); head = queue.head()) {
                if (!breaker.tryAcquire()) {
                    pause(breaker.retryIn());
                    return;
                }
                if (breaker.state() == Breaker.State.HALF_OPEN && !probe()) {
                    return;
                }
                if (breaker.state() == Breaker.State.CLOSED && !sendOne(head.get())) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            Logger.error(e, "legacy pos {}: drain failed; trying again in {} ms", pos.address(),
                    backoff.cap().toMillis());
            pause(backoff.cap());
        }
    }

    /** The half-open probe: a PING. */
    private boolean probe() {
        try {
            timed("PING", () -> {
                pos.ping(answerWithin);
                return null;
            });
        } catch (LegacyPosException e) {
            breaker.failure(e.getMessage());
            int n = breaker.view().failuresInARow();
            Duration pause = max(backoff.after(n), breaker.retryIn());
            if (Integer.bitCount(n) == 1) { // a device away for hours says so now and then, not at every probe
                Logger.warn("legacy pos {}: still not answering ({} failures in a row); next probe in {} ms: {}",
                        pos.address(), n, pause.toMillis(), e.getMessage());
            }
            pause(pause);
            return false;
        }
        breaker.success();
        Logger.info("legacy pos {}: answers again; breaker closed", pos.address());
        return true;
    }

    /** Sends the head of the queue; false when it failed and the worker is pausing. */
    private boolean sendOne(RetryQueue.Queued head) {
        Optional<String> refused;
        try {
            refused = timed("SALE " + head.sale().transactionId(), () -> pos.send(head.sale(), answerWithin));
        } catch (LegacyPosException e) {
            breaker.failure(e.getMessage());
            int n = breaker.view().failuresInARow();
            Duration pause = max(backoff.after(n), breaker.retryIn());
            if (breaker.state() == Breaker.State.OPEN) {
                Logger.warn("legacy pos {}: breaker open after {} failures in a row; {} sales wait; probing in {} ms:"
                        + " {}", pos.address(), n, queue.depth(0).pending(), pause.toMillis(), e.getMessage());
            } else {
                Logger.info("legacy pos {}: send failed ({} in a row); again in {} ms: {}", pos.address(), n,
                        pause.toMillis(), e.getMessage());
            }
            pause(pause);
            return false;
        }
        breaker.success();
        if (refused.isEmpty()) {
            queue.delivered(head.position());
        } else {
            queue.park(head.position(), refused.get());
            Logger.warn("legacy pos {}: refuses sale {} for good; parked: {}", pos.address(),
                    head.sale().transactionId(), refused.get());
        }
        synchronized (lock) {
            if (refused.isEmpty()) {
                delivered++;
                lastDeliveredAt = clock.instant();
            }
        }
        return true;
    }

    /** A call to the device, on its own thread, given up at the timeout whatever the device or the line does. */
    private <T> T timed(String what, Callable<T> call) {
        Future<T> future;
        try {
            future = calls.submit(call);
        } catch (RejectedExecutionException e) {
            throw new LegacyPosException("legacy pos " + pos.address() + ": " + what + " not sent: the gateway is closing");
        }
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            pos.reset();
            throw new LegacyPosException("legacy pos " + pos.address() + ": " + what + " took longer than "
                    + timeout.toMillis() + " ms; the line is reset");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LegacyPosException failure) {
                throw failure;
            }
            pos.reset();
            throw new LegacyPosException("legacy pos " + pos.address() + ": " + what + " failed: " + e.getCause(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new LegacyPosException("legacy pos " + pos.address() + ": " + what + " interrupted: the gateway is closing");
        }
    }

    private void pause(Duration pause) {
        synchronized (lock) {
            pausing = true;
            retryAt = ticker.getAsLong() + pause.toNanos();
        }
        schedule(pause);
    }

    private void schedule(Duration delay) {
        try {
            worker.schedule(this::drain, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // closed meanwhile: what waits is sent after the next start
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Stops sending and closes the line and the queue; what waits goes after the next start. */
    @Override
    public void close() {
        worker.shutdownNow();
        calls.shutdownNow();
        pos.reset();
        try {
            if (!worker.awaitTermination(10, TimeUnit.SECONDS) || !calls.awaitTermination(10, TimeUnit.SECONDS)) {
                Logger.warn("legacy pos {}: the worker did not stop within 10 s", pos.address());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pos.close();
        queue.close();
    }
}
