package dev.outpost.appliance.outbox;

import static dev.outpost.appliance.outbox.Events.event;
import static dev.outpost.appliance.outbox.Events.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.client.RelayException;
import dev.outpost.api.event.EventBatch;
import dev.outpost.api.event.EventBatchResult;
import dev.outpost.api.event.EventEnvelope;
import dev.outpost.api.heartbeat.OutboxBacklog;
import dev.outpost.api.event.Rejection;
import dev.outpost.appliance.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox with its drainer, against real SQLite and a relay that answers as told. */
class OutboxTest {
    @TempDir
    Path dir;
    final Relay relay = new Relay();
    Outbox outbox;

    /** Takes every event unless told otherwise; remembers what it took, in order. */
    static final class Relay implements Outbox.Sender {
        final List<List<Long>> batches = new CopyOnWriteArrayList<>();
        final List<UUID> taken = new CopyOnWriteArrayList<>();
        final AtomicInteger calls = new AtomicInteger();
        final AtomicReference<Function<EventBatch, EventBatchResult>> answer = new AtomicReference<>(Relay::takeAll);

        @Override
        public EventBatchResult post(EventBatch batch) {
            calls.incrementAndGet();
            EventBatchResult result = answer.get().apply(batch);
            batches.add(batch.events().stream().map(EventEnvelope::sequence).toList());
            taken.addAll(result.accepted());
            return result;
        }

        static EventBatchResult takeAll(EventBatch batch) {
            return new EventBatchResult(batch.events().stream().map(EventEnvelope::eventId).toList(), List.of(), List.of());
        }
    }

    private Outbox open(int batchSize) {
        return open(batchSize, Duration.ZERO);
    }

    private Outbox open(int batchSize, Duration linger) {
        return Outbox.open(Events.SITE, dir.resolve("outbox.db"), relay, new Backoff(Duration.ofMillis(1), Duration.ofMillis(8)),
                batchSize, linger, InstantSource.system(), System::nanoTime);
    }

    @AfterEach
    void close() {
        if (outbox != null) {
            outbox.close();
        }
    }

    private static List<UUID> ids(List<EventEnvelope> events) {
        return events.stream().map(EventEnvelope::eventId).toList();
    }

    private void drained() {
        Eventually.until("outbox drained", () -> outbox.status().pending() == 0);
    }

    @Test
    void eventsReachTheRelayInOrderInBatches() {
        outbox = open(2);
        List<EventEnvelope> events = run("gate-a", 1, 5);
        outbox.append("gate-a", events);
        drained();
        assertEquals(ids(events), relay.taken);
        assertTrue(relay.batches.stream().allMatch(b -> b.size() <= 2), relay.batches.toString());
        OutboxStatus status = outbox.status();
        assertEquals(0, status.failures());
        assertNull(status.oldestAgeMs());
        assertEquals(new OutboxBacklog(0, 0, 0), status.backlog());
        assertNotNull(status.lastDeliveredAt());
    }

    @Test
    void eventsAppendedOneByOneWithinTheLingerGoInOneBatch() {
        outbox = open(200, Duration.ofSeconds(1));
        List<EventEnvelope> events = run("till-1", 1, 5);
        for (EventEnvelope event : events) {
            outbox.append("till-1", List.of(event)); // as a busy store's sales come, each its own append
        }
        drained();
        assertEquals(List.of(List.of(1L, 2L, 3L, 4L, 5L)), relay.batches, "one request for the five");
        assertEquals(ids(events), relay.taken);
    }

    @Test
    void anEventTheRelayRejectsIsParkedAndTheNextStillGoes() {
        outbox = open(10);
        List<EventEnvelope> events = run("gate-a", 1, 3);
        UUID bad = events.get(1).eventId();
        relay.answer.set(batch -> {
            List<UUID> ok = new ArrayList<>();
            List<Rejection> rejected = new ArrayList<>();
            for (EventEnvelope e : batch.events()) {
                if (e.eventId().equals(bad)) {
                    rejected.add(new Rejection(bad, "site_id 'x' does not match the path's site"));
                } else {
                    ok.add(e.eventId());
                }
            }
            return new EventBatchResult(ok, List.of(), rejected);
        });
        outbox.append("gate-a", events);
        drained();
        EventEnvelope next = event("gate-a", 4);
        outbox.append("gate-a", List.of(next));
        drained();
        assertEquals(List.of(events.get(0).eventId(), events.get(2).eventId(), next.eventId()), relay.taken);
        OutboxStatus status = outbox.status();
        assertEquals(1, status.parked());
        assertEquals(bad, status.recentParked().getFirst().eventId());
        assertEquals("site_id 'x' does not match the path's site", status.recentParked().getFirst().reason());
    }

    @Test
    void aBatchRefusedAsAWholeIsSplitUntilTheEventItRefusesIsAloneAndParked() {
        outbox = open(10);
        relay.answer.set(batch -> {
            if (batch.events().stream().anyMatch(e -> e.type().equals("gate.state"))) {
                throw new RelayException(400, "relay http://relay: POST /v1/sites/mall-site/events: 400"
                        + " event_batch.events[0].type: unknown event type 'gate.state'", null);
            }
            return Relay.takeAll(batch);
        });
        List<EventEnvelope> events = new ArrayList<>(run("gate-a", 1, 5));
        events.set(3, event("gate-a", 4, "gate.state"));
        outbox.append("gate-a", events);
        drained();
        assertEquals(ids(List.of(events.get(0), events.get(1), events.get(2), events.get(4))), relay.taken,
                "the others went, in order");
        OutboxStatus status = outbox.status();
        assertEquals(1, status.parked());
        ParkedEvent parked = status.recentParked().getFirst();
        assertEquals(events.get(3).eventId(), parked.eventId());
        assertEquals("gate.state", parked.type());
        assertTrue(parked.reason().endsWith("400 event_batch.events[0].type: unknown event type 'gate.state'"), parked.reason());
        assertEquals(0, status.failures(), "a refused event is not a failure to reach the relay");
    }

    @Test
    void whileTheRelayIsOutOfReachTheOutboxBacksOffAndDeliversWhenItIsBack() {
        outbox = open(10);
        relay.answer.set(batch -> {
            throw new RelayException(relay.calls.get() % 2 == 0 ? 503 : -1, "relay http://relay: unreachable", null);
        });
        List<EventEnvelope> events = run("gate-a", 1, 3);
        outbox.append("gate-a", events);
        Eventually.until("several failures", () -> outbox.status().failures() >= 4);
        OutboxStatus failing = outbox.status();
        assertEquals("relay http://relay: unreachable", failing.lastError());
        assertEquals(3, failing.pending());
        assertNotNull(failing.oldestAgeMs());
        assertEquals(new OutboxBacklog(3, failing.oldestAgeMs(), 0), failing.backlog(), "what the heartbeat reports");
        assertNotNull(failing.retryInMs());
        assertTrue(failing.retryInMs() <= 8, "the pause is capped: " + failing.retryInMs());

        relay.answer.set(Relay::takeAll);
        drained();
        assertEquals(ids(events), relay.taken);
        OutboxStatus after = outbox.status();
        assertEquals(0, after.failures());
        assertNull(after.lastError());
        assertNull(after.retryInMs());
    }

    @Test
    void whatWaitsWhenTheOutboxClosesGoesAfterItOpensAgain() {
        relay.answer.set(batch -> {
            throw new RelayException("relay http://relay: unreachable", null);
        });
        outbox = open(10);
        List<EventEnvelope> events = run("gate-a", 1, 3);
        outbox.append("gate-a", events);
        Eventually.until("a failure", () -> outbox.status().failures() >= 1);
        outbox.close();

        relay.answer.set(Relay::takeAll);
        outbox = open(10);
        drained();
        assertEquals(ids(events), relay.taken);
    }
}
