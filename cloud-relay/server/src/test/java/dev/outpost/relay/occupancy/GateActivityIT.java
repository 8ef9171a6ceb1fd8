package dev.outpost.relay.occupancy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.event.EventBatch;
import dev.outpost.api.event.EventEnvelope;
import dev.outpost.api.event.UuidV7;
import dev.outpost.api.json.Json;
import dev.outpost.relay.staff.Role;
import dev.outpost.relay.testing.RelayHarness;
import dev.outpost.relay.testing.StaffClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gates in the live occupancy: admits, rejects and exits per minute and decision sources, from the gate events
 * the mall's sites send to the inbox, counted once, on a controllable clock.
 */
@Tag("integration")
class GateActivityIT {
    static final String MALL = "mall-1";

    @TempDir
    Path dir;
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-21T06:00:00.400Z"));
    final InstantSource clock = () -> now.get();
    final UuidV7 ids = new UuidV7(clock);
    final AtomicLong sequence = new AtomicLong();
    RelayHarness relay;
    StaffClient admin;

    @BeforeEach
    void start() throws Exception {
        relay = RelayHarness.start(dir, Map.of(), clock);
        admin = StaffClient.admin(relay);
        HttpResponse<String> created = admin.send("POST", "/v1/malls",
                "{\"id\":\"" + MALL + "\",\"capacity\":100,\"sites\":[\"s-1\",\"s-2\"],\"reason\":\"opening day\"}");
        assertEquals(201, created.statusCode(), created.body());
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    /** A gate event of {@code site} that happened {@code ago} before now; payload as a gate controller writes it. */
    EventEnvelope event(String site, String gate, String type, String source, Duration ago) {
        StringBuilder payload = new StringBuilder("{\"mall_id\":\"" + MALL + "\",\"gate_id\":\"" + gate + "\"");
        if (source != null) {
            payload.append(",\"source\":\"").append(source).append('"');
        }
        if (type.equals("gate.reject")) {
            payload.append(",\"reason\":\"mall full\"");
        }
        return new EventEnvelope(ids.next(), site, gate, type, now.get().minus(ago), sequence.incrementAndGet(),
                Json.tree(payload.append('}').toString()));
    }

    EventEnvelope event(String site, String gate, String type, String source) {
        return event(site, gate, type, source, Duration.ofSeconds(2));
    }

    JsonNode post(String site, List<EventEnvelope> events) throws Exception {
        HttpResponse<String> response = relay.send("POST", "/v1/sites/" + site + "/events", Json.writeString(new EventBatch(events)));
        assertEquals(200, response.statusCode(), response.body());
        return Json.tree(response.body());
    }

    JsonNode gates() throws Exception {
        HttpResponse<String> response = admin.get("/v1/malls/" + MALL + "/occupancy");
        assertEquals(200, response.statusCode(), response.body());
        return Json.tree(response.body()).get("gates");
    }

    /** site/gate admits rejects exits [central gate_lease site_block fallback] last, for every gate listed. */
    static List<String> rows(JsonNode gates) {
        List<String> rows = new ArrayList<>();
        for (JsonNode g : gates) {
            JsonNode s = g.get("sources");
            rows.add(g.get("site_id").asText() + "/" + g.get("gate_id").asText() + " " + g.get("admits_per_minute").asLong()
                    + " " + g.get("rejects_per_minute").asLong() + " " + g.get("exits_per_minute").asLong() + " ["
                    + s.get("central").asLong() + " " + s.get("gate_lease").asLong() + " " + s.get("site_block").asLong() + " "
                    + s.get("fallback").asLong() + "] " + g.get("last_event_at").asText());
        }
        return rows;
    }

    long storedSeconds() {
        return relay.relay().store().inTransaction("count gate seconds", tx -> tx.queryLong("SELECT COUNT(*) FROM occupancy_gate_second"));
    }

    @Test
    void eachGateShowsItsLastMinuteBySourceAndItsLastEvent() throws Exception {
        post("s-1", List.of(
                event("s-1", "g-1", "gate.admit", "GATE_LEASE"),
                event("s-1", "g-1", "gate.admit", "GATE_LEASE"),
                event("s-1", "g-1", "gate.admit", "SITE_BLOCK"),
                event("s-1", "g-1", "gate.reject", "CENTRAL"),
                event("s-1", "g-1", "gate.exit", null, Duration.ofSeconds(1)),
                event("s-1", "g-2", "gate.reject", "FALLBACK", Duration.ofSeconds(59)),
                event("s-1", "g-2", "gate.admit", "FALLBACK", Duration.ofSeconds(61)))); // happened before the minute
        post("s-2", List.of(event("s-2", "g-1", "gate.exit", null), event("s-2", "g-1", "pos.sale", null)));
        assertEquals(List.of(
                "s-1/g-1 3 1 1 [1 2 1 0] 2026-11-21T05:59:59.400Z",
                "s-1/g-2 0 1 0 [0 0 0 1] 2026-11-21T05:59:01.400Z",
                "s-2/g-1 0 0 1 [0 0 0 0] 2026-11-21T05:59:58.400Z"), rows(gates()));
    }

    @Test
    void aGateThatWentFireOpenMakesTheCountUnknownUntilARecount() throws Exception {
        EventEnvelope fire = new EventEnvelope(ids.next(), "s-1", "g-1", "gate.state", now.get().minusSeconds(30),
                sequence.incrementAndGet(), Json.tree("{\"mall_id\":\"" + MALL + "\",\"gate_id\":\"g-1\",\"from\":\"LEASED\","
                        + "\"to\":\"FIRE_OPEN\",\"reason\":\"fire loop open\"}"));
        post("s-1", List.of(event("s-1", "g-1", "gate.state", null), fire));
        JsonNode unknown = occupancy();
        assertEquals("UNKNOWN", unknown.get("state").asText());
        assertEquals("gate g-1 of site s-1 FIRE_OPEN at 2026-11-21T05:59:30.400Z (fire loop open): passages were not counted",
                unknown.get("state_reason").asText());
        assertEquals("NORMAL", unknown.get("mode").asText(), "the mode is the safety officer's to set");
        HttpResponse<String> acquire = relay.send("POST", "/v1/sites/s-2/blocks", "{\"idempotency_key\":\"" + ids.next()
                + "\",\"mall_id\":\"" + MALL + "\",\"holder_id\":\"s-2\",\"tokens\":5,\"ttl\":\"PT60S\",\"recounts\":0}");
        assertEquals(409, acquire.statusCode(), "admissions suspended: " + acquire.body());
        assertEquals(1L, (long) relay.relay().store().inTransaction("count audit", tx -> tx.queryLong(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'occupancy.state.unknown' AND actor = 'site:s-1'")));

        post("s-1", List.of(fire)); // sent again: stored once, nothing more happens
        StaffClient officer = StaffClient.as(relay, "sam", Role.SAFETY_OFFICER);
        HttpResponse<String> recount = officer.send("POST", "/v1/malls/" + MALL + "/occupancy/recount",
                "{\"count\":12,\"reason\":\"headcount after the fire at g-1\"}");
        assertEquals(200, recount.statusCode(), recount.body());
        assertEquals("KNOWN", occupancy().get("state").asText());
        assertEquals(12, occupancy().get("count").asLong());
    }

    JsonNode occupancy() throws Exception {
        HttpResponse<String> response = admin.get("/v1/malls/" + MALL + "/occupancy");
        assertEquals(200, response.statusCode(), response.body());
        return Json.tree(response.body());
    }

    @Test
    void aResentBatchCountsNothingTwice() throws Exception {
        List<EventEnvelope> batch = List.of(event("s-1", "g-1", "gate.admit", "GATE_LEASE"), event("s-1", "g-1", "gate.exit", null));
        post("s-1", batch);
        JsonNode again = post("s-1", batch);
        assertEquals(2, again.get("duplicate").size());
        post("s-1", List.of(batch.get(0), event("s-1", "g-1", "gate.admit", "GATE_LEASE")));
        assertEquals(List.of("s-1/g-1 2 0 1 [0 2 0 0] 2026-11-21T05:59:58.400Z"), rows(gates()));
    }

    @Test
    void eventsCountForTheMallTheSiteIsBoundToAndAGateWithoutAnIdIsItsDevice() throws Exception {
        HttpResponse<String> other = admin.send("POST", "/v1/malls", "{\"id\":\"mall-2\",\"capacity\":5,\"reason\":\"annex\"}");
        assertEquals(201, other.statusCode(), other.body());
        EventEnvelope claimsMall2 = new EventEnvelope(ids.next(), "s-1", "g-7", "gate.admit", now.get(), sequence.incrementAndGet(),
                Json.tree("{\"mall_id\":\"mall-2\",\"source\":\"CENTRAL\"}"));
        post("s-1", List.of(claimsMall2));
        post("s-9", List.of(event("s-9", "g-1", "gate.admit", "GATE_LEASE"))); // bound to no mall: counted nowhere
        assertEquals(List.of("s-1/g-7 1 0 0 [1 0 0 0] 2026-11-21T06:00:00.400Z"), rows(gates()));
        assertEquals(0, Json.tree(admin.get("/v1/malls/mall-2/occupancy").body()).get("gates").size());
    }

    @Test
    void ratesFallToZeroAsTheMinutePassesAndTheSweepForgetsOldSeconds() throws Exception {
        post("s-1", List.of(event("s-1", "g-1", "gate.admit", "GATE_LEASE"), event("s-1", "g-1", "gate.reject", "FALLBACK")));
        assertEquals(List.of("s-1/g-1 1 1 0 [0 1 0 1] 2026-11-21T05:59:58.400Z"), rows(gates()));
        now.set(now.get().plusSeconds(59));
        assertEquals(List.of("s-1/g-1 0 0 0 [0 0 0 0] 2026-11-21T05:59:58.400Z"), rows(gates()), "the gate stays listed, idle");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (storedSeconds() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // the sweep runs every second: look now and then
        }
        assertEquals(0, storedSeconds(), "the sweep deletes seconds that left the minute");
    }

    @Test
    void theStreamSendsNewGateActivityWithoutAnyLedgerChange() throws Exception {
        try (OccupancyIT.Stream stream = OccupancyIT.Stream.open(relay, admin, MALL)) {
            assertEquals(0, stream.next().get("gates").size());
            post("s-1", List.of(event("s-1", "g-1", "gate.admit", "GATE_LEASE")));
            JsonNode seen = stream.nextWhere(d -> d.get("gates").size() == 1);
            assertEquals(1, seen.get("gates").get(0).get("admits_per_minute").asLong());
            now.set(now.get().plusSeconds(60)); // the minute moves on: no event, no ledger change, yet the rates change
            JsonNode idle = stream.nextWhere(d -> d.get("gates").get(0).get("admits_per_minute").asLong() == 0);
            assertEquals("2026-11-21T05:59:58.400Z", idle.get("gates").get(0).get("last_event_at").asText());
        }
    }
}
