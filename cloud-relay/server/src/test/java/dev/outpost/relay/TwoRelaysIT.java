package dev.outpost.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.event.EventBatch;
import dev.outpost.api.event.EventBatchResult;
import dev.outpost.api.event.EventEnvelope;
import dev.outpost.api.event.UuidV7;
import dev.outpost.api.json.Json;
import dev.outpost.relay.audit.AuditEntry;
import dev.outpost.relay.audit.AuditVerification;
import dev.outpost.relay.staff.Role;
import dev.outpost.relay.testing.RelayHarness;
import dev.outpost.relay.testing.StaffClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two relays on one database are correct together: no state that matters lives in one process's memory. In the
 * postgres run the two share one PostgreSQL database (the scale-out setup); in the SQLite run, one database file.
 */
@Tag("integration")
class TwoRelaysIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String HEARTBEAT = """
            {"site_id":"store-1","sent_at":"2026-11-21T05:00:00Z","appliance_version":"1.0",
             "devices":[],"anomalies":[],"cache_bytes":0}""";

    @TempDir
    Path dirA;
    @TempDir
    Path dirB;
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-21T05:00:00Z"));
    final InstantSource clock = () -> now.get();
    RelayHarness a;
    RelayHarness b;

    @BeforeEach
    void start() {
        a = RelayHarness.start(dirA, Map.of(), clock);
        b = RelayHarness.start(dirB, a.store(), Map.of(), clock);
    }

    @AfterEach
    void stop() {
        b.close();
        a.close();
    }

    /** Runs every task at once on its own thread and waits for all of them, up to the deadline. */
    private static <T> List<T> together(List<Callable<T>> tasks) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(tasks.size());
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(threads.submit(() -> {
                    go.await();
                    return task.call();
                }));
            }
            go.countDown();
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS));
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aHeartbeatOnOneRelayIsFreshOnTheOther() throws Exception {
        assertEquals(200, a.send("POST", "/v1/sites/store-1/heartbeat", HEARTBEAT).statusCode());
        // a staff session opened on A is good on B too: sessions live in the store
        StaffClient.createUser(a, "vera", Set.of(), Role.VIEWER);
        String session = StaffClient.login(a, "vera", StaffClient.PASSWORD).cookie();
        now.set(now.get().plusSeconds(100));
        JsonNode fleet = Json.tree(b.sendPlain("GET", "/v1/fleet/freshness", null, "Cookie", session).body());
        assertEquals("store-1", fleet.path("sites").get(0).path("site_id").asText());
        assertEquals(100, fleet.path("sites").get(0).path("age_seconds").asLong());
        assertTrue(fleet.path("sites").get(0).path("stale").asBoolean());
        // and a newer heartbeat on B is what A shows
        assertEquals(200, b.send("POST", "/v1/sites/store-1/heartbeat", HEARTBEAT).statusCode());
        fleet = Json.tree(a.sendPlain("GET", "/v1/fleet/freshness", null, "Cookie", session).body());
        assertEquals(0, fleet.path("sites").get(0).path("age_seconds").asLong());
    }

    @Test
    void theSameEventsSentToBothRelaysAtOnceAreStoredOnce() throws Exception {
        // the outbox retried through the load balancer: both relays get the same batches at the same time
        UuidV7 ids = new UuidV7(clock, new SplittableRandom(3));
        List<String> batches = new ArrayList<>();
        List<UUID> all = new ArrayList<>();
        for (int batch = 0; batch < 10; batch++) {
            List<EventEnvelope> events = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                long sequence = batch * 100L + i + 1;
                UUID id = ids.next();
                all.add(id);
                events.add(new EventEnvelope(id, "store-1", "till-1", "pos.sale", now.get(), sequence,
                        Json.tree("{\"total\":" + sequence + "}")));
            }
            batches.add(Json.writeString(new EventBatch(events)));
        }
        List<Callable<List<EventBatchResult>>> senders = new ArrayList<>();
        for (RelayHarness relay : List.of(a, b)) {
            senders.add(() -> {
                List<EventBatchResult> results = new ArrayList<>();
                for (String batch : batches) {
                    HttpResponse<String> reply = relay.send("POST", "/v1/sites/store-1/events", batch);
                    assertEquals(200, reply.statusCode(), reply.body());
                    results.add(Json.read(reply.body(), EventBatchResult.class));
                }
                return results;
            });
        }
        List<UUID> accepted = new ArrayList<>();
        List<UUID> duplicate = new ArrayList<>();
        for (List<EventBatchResult> results : together(senders)) {
            for (EventBatchResult result : results) {
                accepted.addAll(result.accepted());
                duplicate.addAll(result.duplicate());
                assertEquals(List.of(), result.rejected());
            }
        }
        // every event accepted exactly once, by one relay or the other, and a duplicate on the other
        assertEquals(all.size(), accepted.size());
        assertEquals(Set.copyOf(all), new HashSet<>(accepted));
        assertEquals(Set.copyOf(all), new HashSet<>(duplicate));
        assertEquals(all.size(), (long) b.relay().store().inTransaction("count", tx -> tx.queryLong(
                "SELECT COUNT(*) FROM inbox_event WHERE site_id = ?", "store-1")));
        assertEquals(List.of(), Json.tree(a.send("GET", "/v1/sites/store-1/events/gaps", null).body()).path("gaps")
                .findValuesAsText("device_id"));
    }

    @Test
    void auditAppendsFromBothRelaysAtOnceKeepOneUnbrokenChain() throws Exception {
        int perThread = 40;
        List<Callable<Void>> appenders = new ArrayList<>();
        for (RelayHarness relay : List.of(a, b, a, b)) {
            String actor = "relay-" + relay.relay().port() + "-" + appenders.size();
            appenders.add(() -> {
                for (int i = 0; i < perThread; i++) {
                    relay.relay().audit().append(new AuditEntry(actor, "test.append", "subject-" + i, null,
                            Json.tree("{\"i\":" + i + "}"), "two relays append at once"));
                }
                return null;
            });
        }
        together(appenders);
        AuditVerification verification = a.relay().audit().verify();
        assertTrue(verification.ok(), verification.problem().orElse(""));
        assertEquals(4L * perThread, verification.checked());
        assertEquals(verification, b.relay().audit().verify());
        List<Long> seqs = a.relay().store().inTransaction("seqs", tx -> tx.query(
                "SELECT seq FROM audit_log ORDER BY seq", r -> r.getLong(1)));
        assertEquals(1L, seqs.get(0));
        assertEquals(4L * perThread, seqs.get(seqs.size() - 1));
        assertEquals(4 * perThread, seqs.size());
    }
}
