package dev.outpost.appliance.outbox;

import static dev.outpost.appliance.outbox.Events.event;
import static dev.outpost.appliance.outbox.Events.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.event.EventBatchResult;
import dev.outpost.api.event.EventEnvelope;
import dev.outpost.api.event.Rejection;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox's table against real SQLite files. */
class OutboxStoreTest {
    @TempDir
    Path dir;
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2027-03-01T12:00:00Z"));
    OutboxStore store;

    @BeforeEach
    void open() {
        store = OutboxStore.open(dir.resolve("outbox.db"), now::get);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static List<Long> sequences(List<EventEnvelope> events) {
        return events.stream().map(EventEnvelope::sequence).toList();
    }

    @Test
    void eventsGoOutInTheOrderTheyWereStoredAcrossDevices() {
        List<EventEnvelope> a = run("gate-a", 1, 3);
        List<EventEnvelope> b = run("gate-b", 7, 8);
        store.append("gate-a", a.subList(0, 2));
        store.append("gate-b", b);
        store.append("gate-a", a.subList(2, 3));
        List<EventEnvelope> expected = new ArrayList<>(a.subList(0, 2));
        expected.addAll(b);
        expected.add(a.get(2));
        assertEquals(expected, store.pending(10));
        assertEquals(expected.subList(0, 3), store.pending(3));
    }

    @Test
    void anEventSentAgainIsStoredOnce() {
        List<EventEnvelope> events = run("gate-a", 1, 3);
        assertEquals(events, store.append("gate-a", events).stored());
        Appended again = store.append("gate-a", List.of(events.get(1), events.get(2), event("gate-a", 4)));
        assertEquals(List.of(4L), sequences(again.stored()));
        assertEquals(4, again.throughSequence());
        assertEquals(List.of(1L, 2L, 3L, 4L), sequences(store.pending(10)));
    }

    @Test
    void theAcknowledgementStopsAtTheFirstGapAndMovesOnWhenItIsFilled() {
        assertEquals(2, store.append("gate-a", List.of(event("gate-a", 1), event("gate-a", 2), event("gate-a", 4)))
                .throughSequence());
        assertEquals(2, store.append("gate-a", List.of(event("gate-a", 5))).throughSequence());
        assertEquals(5, store.append("gate-a", List.of(event("gate-a", 3))).throughSequence());
        assertEquals(List.of(1L, 2L, 4L, 5L, 3L), sequences(store.pending(10)), "sent in the order stored");
    }

    @Test
    void aDeviceFirstSeenMidStreamIsAcknowledgedFromThere() {
        // its earlier entries went to a previous outbox (a replaced appliance): they do not hold it back
        assertEquals(502, store.append("gate-a", run("gate-a", 501, 502)).throughSequence());
        assertEquals(0, store.append("gate-b", List.of(event("gate-b", 0))).throughSequence());
    }

    @Test
    void whatWasStoredIsCommittedWhenAppendReturns() throws Exception {
        store.append("gate-a", run("gate-a", 1, 2));
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("outbox.db"));
             Statement s = other.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM outbox_event WHERE state = 'PENDING'")) {
                assertEquals(2, r.getLong(1), "visible to another connection: committed");
            }
            try (ResultSet r = s.executeQuery("PRAGMA journal_mode")) {
                assertEquals("wal", r.getString(1));
            }
        }
    }

    @Test
    void aBatchWithAnotherDevicesEventStoresNothing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.append("gate-a", List.of(event("gate-a", 1), event("gate-b", 1))));
        assertTrue(e.getMessage().startsWith("outbox: event "), e.getMessage());
        assertTrue(e.getMessage().endsWith(" names device 'gate-b', not 'gate-a'; nothing stored"), e.getMessage());
        assertEquals(List.of(), store.pending(10));
        assertEquals(1, store.append("gate-a", List.of(event("gate-a", 1))).throughSequence());
    }

    @Test
    void everythingSurvivesAReopen() {
        List<EventEnvelope> events = run("gate-a", 1, 3);
        store.append("gate-a", events);
        store.settle(events.subList(0, 1), new EventBatchResult(List.of(events.getFirst().eventId()), List.of(), List.of()));
        store.park(events.get(1).eventId(), "relay: no");
        store.close();

        store = OutboxStore.open(dir.resolve("outbox.db"), now::get);
        assertEquals(List.of(events.get(2)), store.pending(10));
        OutboxStore.Depth depth = store.depth(5);
        assertEquals(1, depth.pending());
        assertEquals(1, depth.parked());
        assertEquals("relay: no", depth.recentParked().getFirst().reason());
        Appended again = store.append("gate-a", List.of(events.getFirst(), event("gate-a", 4)));
        assertEquals(List.of(4L), sequences(again.stored()), "the sent event is still known after the reopen");
        assertEquals(4, again.throughSequence(), "the stream's mark survived");
    }

    @Test
    void theRelaysAnswerSettlesOnlyEventsOfTheBatch() {
        List<EventEnvelope> events = run("gate-a", 1, 4);
        store.append("gate-a", events);
        List<EventEnvelope> batch = events.subList(0, 3);
        int settled = store.settle(batch, new EventBatchResult(List.of(events.get(0).eventId()),
                List.of(events.get(1).eventId(), events.get(3).eventId()),
                List.of(new Rejection(events.get(2).eventId(), "site_id 'x' does not match"))));
        assertEquals(3, settled);
        assertEquals(List.of(events.get(3)), store.pending(10), "the event outside the batch still waits");
        OutboxStore.Depth depth = store.depth(5);
        assertEquals(1, depth.parked());
        assertEquals(events.get(2).eventId(), depth.recentParked().getFirst().eventId());
        assertEquals("site_id 'x' does not match", depth.recentParked().getFirst().reason());
    }

    @Test
    void sentEventsAreForgottenAfterAWhileButTheMarkStays() throws Exception {
        List<EventEnvelope> events = run("gate-a", 1, 2);
        store.append("gate-a", events);
        now.set(now.get().plus(OutboxStore.KEEP_SENT).plus(Duration.ofSeconds(1)));
        store.settle(events, new EventBatchResult(List.of(events.get(0).eventId(), events.get(1).eventId()), List.of(), List.of()));
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("outbox.db"));
             Statement s = other.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM outbox_event")) {
            assertEquals(0, r.getLong(1));
        }
        assertEquals(3, store.append("gate-a", List.of(event("gate-a", 3))).throughSequence());
    }

    @Test
    void theDepthSaysHowLongTheOldestEventHasWaited() {
        assertEquals(new OutboxStore.Depth(0, null, 0, List.of()), store.depth(5));
        Instant first = now.get();
        store.append("gate-a", List.of(event("gate-a", 1)));
        now.set(first.plusSeconds(30));
        store.append("gate-a", List.of(event("gate-a", 2)));
        OutboxStore.Depth depth = store.depth(5);
        assertEquals(2, depth.pending());
        assertEquals(first, depth.oldestStoredAt());
        assertEquals(List.of(), depth.recentParked());
    }
}
