package dev.outpost.relay.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.json.Json;
import dev.outpost.relay.testing.RelayHarness;
import dev.outpost.relay.testing.StaffClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /v1/audit} (filters, paging by sequence number) and {@code GET /v1/audit/verify}. */
@Tag("integration")
class AuditApiIT {
    static final Instant START = Instant.parse("2026-11-21T08:00:00Z");

    @TempDir
    Path dir;
    final AtomicReference<Instant> now = new AtomicReference<>(START);
    RelayHarness relay;
    StaffClient viewer;
    long setupRecords;

    @BeforeEach
    void start() throws Exception {
        relay = RelayHarness.start(dir, Map.of("staff.password.bcrypt-cost", "10"), now::get);
        viewer = StaffClient.as(relay, "vera", dev.outpost.relay.staff.Role.VIEWER);
        setupRecords = relay.relay().store().inTransaction("count", tx -> tx.queryLong("SELECT COUNT(*) FROM audit_log"));
        // 250 records, 250 ms apart: malls alternate, two actors
        for (int i = 0; i < 250; i++) {
            now.set(START.plus(Duration.ofMinutes(1)).plusMillis(250L * i));
            relay.relay().audit().append(new AuditEntry(i % 5 == 0 ? "user:alice" : "user:bob", "capacity.changed",
                    "mall:mall-" + (i % 2), null, Json.tree("{\"capacity\":" + i + "}"), "change " + i));
        }
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    JsonNode get(String query) throws Exception {
        HttpResponse<String> response = viewer.get("/v1/audit" + query);
        assertEquals(200, response.statusCode(), response.body());
        return Json.tree(response.body());
    }

    /** Every record matching {@code filter}, following next_after page by page. */
    List<JsonNode> all(String filter, int limit) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = get("?" + (filter.isEmpty() ? "" : filter + "&") + "limit=" + limit + "&after=" + after);
            page.path("records").forEach(out::add);
            assertTrue(page.path("records").size() <= limit);
            if (page.path("next_after").isNull()) {
                return out;
            }
            assertEquals(limit, page.path("records").size(), "only the last page is short");
            after = page.path("next_after").asLong();
        }
    }

    @Test
    void pagesFollowTheChainInOrderWithoutGapsOrRepeats() throws Exception {
        JsonNode first = get("?limit=100");
        assertEquals(100, first.path("records").size());
        assertEquals(1, first.path("records").get(0).path("seq").asLong());
        assertEquals(100, first.path("next_after").asLong());
        List<JsonNode> records = all("", 100);
        assertEquals(250 + setupRecords, records.size());
        for (int i = 0; i < records.size(); i++) {
            assertEquals(i + 1, records.get(i).path("seq").asLong());
        }
        JsonNode record = records.getLast();
        assertEquals("change 249", record.path("reason").asText());
        assertEquals(64, record.path("hash").asText().length());
        assertEquals(records.get(records.size() - 2).path("hash").asText(), record.path("prev_hash").asText());
    }

    @Test
    void filtersBySubjectActorAndAction() throws Exception {
        List<JsonNode> mall0 = all("subject=mall:mall-0", 30);
        assertEquals(125, mall0.size());
        assertTrue(mall0.stream().allMatch(r -> r.path("subject").asText().equals("mall:mall-0")));
        List<JsonNode> aliceOnMall0 = all("subject=mall:mall-0&actor=user:alice", 10);
        assertEquals(25, aliceOnMall0.size()); // i divisible by 10
        assertEquals(250, all("action=capacity.changed", 1000).size());
        assertEquals(0, all("action=capacity", 1000).size(), "an action matches exactly");
        assertEquals(List.of("staff.user.created", "staff.login"), all("action=staff.*", 10).stream()
                .map(r -> r.path("action").asText()).toList());
    }

    @Test
    void filtersByTimeToTheMillisecond() throws Exception {
        // records i = 4..11 lie in [08:01:01.000, 08:01:03.000)
        List<JsonNode> window = all("from=2026-11-21T08:01:01Z&to=2026-11-21T08:01:03Z", 3);
        assertEquals(List.of("change 4", "change 5", "change 6", "change 7", "change 8", "change 9", "change 10", "change 11"),
                window.stream().map(r -> r.path("reason").asText()).toList());
        List<JsonNode> inside = all("from=2026-11-21T08:01:01.250Z&to=2026-11-21T08:01:01.750Z", 10);
        assertEquals(List.of("change 5", "change 6"), inside.stream().map(r -> r.path("reason").asText()).toList());
    }

    @Test
    void badQueriesAre400NamingTheParameter() throws Exception {
        assertError(viewer.get("/v1/audit?limit=5000"), "audit query: limit must be between 1 and 1000, was 5000");
        assertError(viewer.get("/v1/audit?limit=0"), "audit query: limit must be between 1 and 1000, was 0");
        assertError(viewer.get("/v1/audit?from=yesterday"),
                "audit query: from must be an ISO-8601 instant such as 2026-11-21T05:00:00Z, was 'yesterday'");
        assertError(viewer.get("/v1/audit?after=x"), "audit query: after must be a whole number, was 'x'");
        assertError(viewer.get("/v1/audit?who=bob"), "audit query: unknown parameter 'who'");
        assertError(viewer.get("/v1/audit?from=2026-11-21T09:00:00Z&to=2026-11-21T08:00:00Z"),
                "audit query: to (2026-11-21T08:00:00Z) must be after from (2026-11-21T09:00:00Z)");
    }

    @Test
    void verifyReportsAnIntactChainAndThenTheEditedRecord() throws Exception {
        JsonNode ok = Json.tree(viewer.get("/v1/audit/verify").body());
        assertTrue(ok.path("ok").asBoolean(), ok.toString());
        assertEquals(250 + setupRecords, ok.path("checked").asLong());
        assertTrue(ok.path("problem").isNull());

        relay.relay().store().inTransaction("tamper", tx -> tx.update("UPDATE audit_log SET reason = 'nothing to see' WHERE seq = 17"));
        JsonNode broken = Json.tree(viewer.get("/v1/audit/verify").body());
        assertFalse(broken.path("ok").asBoolean());
        assertEquals("record 17: hash does not match its contents (edited)", broken.path("problem").asText());
    }

    static void assertError(HttpResponse<String> response, String text) {
        assertEquals(400, response.statusCode(), response.body());
        String error = Json.tree(response.body()).path("error").asText();
        assertTrue(error.contains(text), "expected '" + text + "' in: " + error);
    }
}
