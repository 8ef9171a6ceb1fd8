package dev.outpost.appliance.outbox;

import dev.outpost.api.client.RelayException;
import dev.outpost.api.event.EventBatch;
import dev.outpost.api.event.EventBatchResult;
import dev.outpost.api.event.EventEnvelope;
import dev.outpost.api.event.Rejection;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.tinylog.Logger;

/**
 * Sends the outbox to the relay on its own thread: batches in stored order, until nothing waits. The relay answers
 * per event; accepted and duplicate ones are done, rejected ones parked. A batch the relay refuses as a whole (400:
 * one event breaks the contract, e.g. a type it does not know) is split in halves until the event it refuses is alone,
 * and that one is parked, so one bad event never holds the queue. Any other failure (unreachable, 5xx, a refused
 * certificate) pauses the drain with exponential backoff; new events do not cut a pause short. A drain starts
 * {@code linger} after the event that woke it, so the events of a busy store go in one batch rather than one request
 * (and one fsync at each end) apiece; a backlog is sent batch after batch without lingering.
 */
final class OutboxDrainer implements AutoCloseable {
    private final String siteId;
    private final OutboxStore store;
    private final Outbox.Sender sender;
    private final Backoff backoff;
    private final int batchSize;
    private final Duration linger;
    private final InstantSource clock;
    private final LongSupplier ticker;
    private final ScheduledExecutorService executor;
    private final Object lock = new Object();
    private boolean queued;
    private boolean backingOff;
    private int failures;
    private String lastError;
    private long retryAt;
    private Instant lastDeliveredAt;

    OutboxDrainer(String siteId, OutboxStore store, Outbox.Sender sender, Backoff backoff, int batchSize,
                  Duration linger, InstantSource clock, LongSupplier ticker) {
        if (batchSize < 1 || batchSize > EventBatch.MAX_EVENTS) {
            throw new IllegalArgumentException("outbox " + siteId + ": batch size must be between 1 and "
                    + EventBatch.MAX_EVENTS + ", was " + batchSize);
        }
        this.siteId = siteId;
        this.store = store;
        this.sender = sender;
        this.backoff = backoff;
        this.batchSize = batchSize;
        this.linger = linger;
        this.clock = clock;
        this.ticker = ticker;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "outbox-" + siteId);
            t.setDaemon(true);
            return t;
        });
    }

    /** Drains after the linger, unless a drain is already due or the relay is being given a rest. */
    void wake() {
        synchronized (lock) {
            if (queued || backingOff) {
                return;
            }
            queued = true;
        }
        schedule(linger);
    }

    /** Drains now even while giving the relay a rest: the relay is known to answer again. */
    void retryNow() {
        synchronized (lock) {
            if (queued || !backingOff) {
                return;
            }
            backingOff = false;
            queued = true;
        }
        schedule(Duration.ZERO);
    }

    private void drain() {
        synchronized (lock) {
            queued = false;
            backingOff = false;
        }
        try {
            for (List<EventEnvelope> batch = store.pending(batchSize); !batch.isEmpty(); batch = store.pending(batchSize)) {
                send(batch);
            }
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    private void send(List<EventEnvelope> events) {
        EventBatchResult result;
        try {
            result = sender.post(new EventBatch(events));
        } catch (RelayException e) {
            if (!refusesTheBatch(e)) {
                throw e;
            }
            reached();
            if (events.size() == 1) {
                EventEnvelope event = events.getFirst();
                store.park(event.eventId(), e.getMessage());
                Logger.warn("outbox {}: the relay refuses event {} ({} #{} of {}); parked: {}", siteId, event.eventId(),
                        event.type(), event.sequence(), event.deviceId(), e.getMessage());
                return;
            }
            int half = events.size() / 2;
            send(events.subList(0, half));
            send(events.subList(half, events.size()));
            return;
        }
        reached();
        int settled = store.settle(events, result);
        synchronized (lock) {
            lastDeliveredAt = clock.instant();
        }
        for (Rejection rejection : result.rejected()) {
            Logger.warn("outbox {}: the relay rejects event {}; parked: {}", siteId, rejection.eventId(), rejection.reason());
        }
        if (settled == 0) {
            throw new IllegalStateException("outbox " + siteId + ": the relay answered a batch of " + events.size()
                    + " events without settling any of them");
        }
    }

    /** The relay will not take this batch as it is, and says so (rather than failing to take any). */
    private static boolean refusesTheBatch(RelayException e) {
        int status = e.status().orElse(0);
        return status == 400 || status == 413 || status == 422;
    }

    /** The relay answered: whatever failed before is over. */
    private void reached() {
        int before;
        synchronized (lock) {
            before = failures;
            failures = 0;
            lastError = null;
        }
        if (before > 0) {
            Logger.info("outbox {}: the relay takes events again (after {} failed attempts)", siteId, before);
        }
    }

    private void failed(RuntimeException e) {
        int n;
        Duration pause;
        synchronized (lock) {
            n = ++failures;
            lastError = e.getMessage();
            pause = backoff.after(n);
            retryAt = ticker.getAsLong() + pause.toNanos();
            backingOff = true;
        }
        if (!(e instanceof RelayException)) {
            Logger.error(e, "outbox {}: drain failed ({} in a row); retrying in {} ms", siteId, n, pause.toMillis());
        } else if (n == 1 || Integer.bitCount(n) == 1) {
            Logger.warn("outbox {}: cannot deliver to the relay ({} failures in a row); retrying in {} ms: {}",
                    siteId, n, pause.toMillis(), e.getMessage());
        }
        schedule(pause);
    }

    private void schedule(Duration delay) {
        try {
            executor.schedule(this::drain, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // closed meanwhile: what waits is sent after the next start
        }
    }

    /** Failures in a row, why the last failed, and how long until the next attempt while backing off. */
    record Health(int failures, String lastError, Long retryInMs, Instant lastDeliveredAt) {
    }

    Health health() {
        synchronized (lock) {
            Long retryIn = backingOff ? Math.max(0, (retryAt - ticker.getAsLong()) / 1_000_000) : null;
            return new Health(failures, lastError, retryIn, lastDeliveredAt);
        }
    }

    /** Stops draining; a send in flight is interrupted (the relay de-duplicates it when it goes again). */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                Logger.warn("outbox {}: the drain did not stop within 10 s", siteId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
