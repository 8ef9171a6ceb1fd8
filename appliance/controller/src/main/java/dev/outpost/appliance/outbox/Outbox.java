package dev.outpost.appliance.outbox;

import dev.outpost.api.event.EventBatch;
import dev.outpost.api.event.EventBatchResult;
import dev.outpost.api.event.EventEnvelope;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The site's durable outbox to the relay (ARCHITECTURE.md §7): events are stored in SQLite and on disk before
 * {@link #append} returns, then sent in order, in batches, by a drainer of their own, until the relay has them. The
 * relay's inbox de-duplicates by event id, so sending again after a crash or a lost answer is safe: exactly once, in
 * effect. An event the relay will never take is parked and stays visible in {@link #status()}.
 */
public final class Outbox implements AutoCloseable {
    /** How many parked events {@link #status()} shows. */
    public static final int SHOWN_PARKED = 20;
    static final int BATCH = 200;
    /** How long a drain waits after the event that woke it, gathering the events that follow into its batch. */
    static final Duration LINGER = Duration.ofMillis(50);

    /** {@code POST /v1/sites/{site}/events}, blocking; a failure is a {@code RelayException}. */
    @FunctionalInterface
    public interface Sender {
        EventBatchResult post(EventBatch batch);
    }

    private final OutboxStore store;
    private final OutboxDrainer drainer;
    private final InstantSource clock;

    private Outbox(OutboxStore store, OutboxDrainer drainer, InstantSource clock) {
        this.store = store;
        this.drainer = drainer;
        this.clock = clock;
    }

    /** Opens the outbox in {@code file} and starts sending whatever waits in it. */
    public static Outbox open(String siteId, Path file, Sender sender, InstantSource clock, LongSupplier ticker) {
        return open(siteId, file, sender, Backoff.OUTBOX, BATCH, LINGER, clock, ticker);
    }

    static Outbox open(String siteId, Path file, Sender sender, Backoff backoff, int batchSize, Duration linger,
                       InstantSource clock, LongSupplier ticker) {
        OutboxStore store = OutboxStore.open(file, clock);
        Outbox outbox = new Outbox(store, new OutboxDrainer(siteId, store, sender, backoff, batchSize, linger, clock,
                ticker), clock);
        outbox.drainer.wake();
        return outbox;
    }

    /**
     * Stores the events of one device that are not stored yet, durably, in one transaction, and sends them on.
     *
     * @return the events new to the outbox and the device's sequence stored contiguously
     * @throws OutboxException when they could not be stored; then none was
     */
    public Appended append(String deviceId, List<EventEnvelope> events) {
        Appended appended = store.append(deviceId, events);
        if (!appended.stored().isEmpty()) {
            drainer.wake();
        }
        return appended;
    }

    /** The relay answers again (a probe said so): what waits goes now, not when the backoff ends. */
    public void retryNow() {
        drainer.retryNow();
    }

    public OutboxStatus status() {
        OutboxStore.Depth depth = store.depth(SHOWN_PARKED);
        OutboxDrainer.Health health = drainer.health();
        Long oldestAgeMs = depth.oldestStoredAt() == null ? null
                : Math.max(0, Duration.between(depth.oldestStoredAt(), clock.instant()).toMillis());
        return new OutboxStatus(depth.pending(), oldestAgeMs, depth.parked(), depth.recentParked(), health.failures(),
                health.lastError(), health.retryInMs(), health.lastDeliveredAt());
    }

    /** Stops sending and closes the database; what waits goes after the next open. */
    @Override
    public void close() {
        drainer.close();
        store.close();
    }
}
