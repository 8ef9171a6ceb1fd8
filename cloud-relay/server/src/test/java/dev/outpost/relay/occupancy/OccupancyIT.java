package dev.outpost.relay.occupancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.json.Json;
import dev.outpost.relay.staff.Role;
import dev.outpost.relay.testing.RelayHarness;
import dev.outpost.relay.testing.StaffClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The occupancy ledger over HTTP: sites over mutual TLS, staff with roles and reasons, on a controllable clock. */
@Tag("integration")
class OccupancyIT {
    static final String MALL = "mall-1";

    @TempDir
    Path dir;
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-21T06:00:00Z"));
    final InstantSource clock = () -> now.get();
    RelayHarness relay;
    StaffClient admin;
    StaffClient officer;

    @BeforeEach
    void start() throws Exception {
        relay = RelayHarness.start(dir, Map.of("occupancy.grant-margin", "5s"), clock);
        admin = StaffClient.admin(relay);
        officer = StaffClient.as(relay, "sam", Role.SAFETY_OFFICER);
        HttpResponse<String> created = admin.send("POST", "/v1/malls",
                "{\"id\":\"" + MALL + "\",\"capacity\":10,\"sites\":[\"s-1\",\"s-2\"],\"reason\":\"opening day\"}");
        assertEquals(201, created.statusCode(), created.body());
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    // ---- helpers ----

    HttpResponse<String> acquire(String site, UUID key, int tokens, String ttl) throws Exception {
        return relay.send("POST", "/v1/sites/" + site + "/blocks", "{\"idempotency_key\":\"" + key + "\",\"mall_id\":\"" + MALL
                + "\",\"holder_id\":\"" + site + "\",\"tokens\":" + tokens + ",\"ttl\":\"" + ttl + "\",\"recounts\":0}");
    }

    JsonNode acquired(String site, int tokens) throws Exception {
        HttpResponse<String> response = acquire(site, UUID.randomUUID(), tokens, "PT60S");
        assertEquals(200, response.statusCode(), response.body());
        return Json.tree(response.body());
    }

    HttpResponse<String> renew(String site, String lease, UUID key, int tokens, int used, int exited) throws Exception {
        return renew(site, lease, key, tokens, used, exited, 0, 0);
    }

    /** A renew from a holder that knows of {@code recounts} recounts and says {@code pre} of its exits predate the last. */
    HttpResponse<String> renew(String site, String lease, UUID key, int tokens, int used, int exited, long recounts, int pre)
            throws Exception {
        return relay.send("POST", "/v1/sites/" + site + "/blocks/" + lease + "/renew", "{\"idempotency_key\":\"" + key
                + "\",\"lease_id\":\"" + lease + "\",\"mall_id\":\"" + MALL + "\",\"holder_id\":\"" + site + "\",\"tokens\":"
                + tokens + ",\"ttl\":\"PT60S\",\"used\":" + used + ",\"exited\":" + exited + ",\"recounts\":" + recounts
                + ",\"pre_exited\":" + pre + "}");
    }

    HttpResponse<String> report(String site, String lease, String kind, int used, int exited) throws Exception {
        return report(site, lease, kind, used, exited, 0, 0);
    }

    HttpResponse<String> report(String site, String lease, String kind, int used, int exited, long recounts, int pre)
            throws Exception {
        return relay.send("POST", "/v1/sites/" + site + "/blocks/" + lease + "/" + kind, "{\"idempotency_key\":\""
                + UUID.randomUUID() + "\",\"lease_id\":\"" + lease + "\",\"mall_id\":\"" + MALL + "\",\"holder_id\":\"" + site
                + "\",\"used\":" + used + ",\"exited\":" + exited + ",\"recounts\":" + recounts + ",\"pre_exited\":" + pre
                + "}");
    }

    void recount(long count, String reason) throws Exception {
        HttpResponse<String> response = officer.send("POST", "/v1/malls/" + MALL + "/occupancy/recount",
                "{\"count\":" + count + ",\"reason\":\"" + reason + "\"}");
        assertEquals(200, response.statusCode(), response.body());
    }

    String lastAuditReason(String action) {
        return relay.relay().store().inTransaction("audit reason", tx -> tx.queryOne("SELECT reason FROM audit_log WHERE"
                + " action = ? ORDER BY seq DESC LIMIT 1", r -> r.getString(1), action)).orElseThrow();
    }

    JsonNode occupancy() throws Exception {
        HttpResponse<String> response = admin.get("/v1/malls/" + MALL + "/occupancy");
        assertEquals(200, response.statusCode(), response.body());
        return Json.tree(response.body());
    }

    void assertNumbers(long capacity, long count, long leased) throws Exception {
        JsonNode view = occupancy();
        assertEquals(List.of(capacity, count, leased, Math.max(0, capacity - count - leased)),
                List.of(view.get("capacity").asLong(), view.get("count").asLong(), view.get("leased_out").asLong(),
                        view.get("free").asLong()), "capacity, count, leased_out, free: " + view);
    }

    long audited(String action) {
        return relay.relay().store().inTransaction("count audit", tx ->
                tx.queryLong("SELECT COUNT(*) FROM audit_log WHERE action = ?", action));
    }

    static String error(HttpResponse<String> response) {
        return Json.tree(response.body()).path("error").asText();
    }

    // ---- site blocks ----

    @Test
    void acquireRenewReconcileReleaseMoveTokensBetweenFreeLeasedAndCount() throws Exception {
        UUID key = UUID.randomUUID();
        HttpResponse<String> first = acquire("s-1", key, 4, "PT60S");
        assertEquals(200, first.statusCode(), first.body());
        JsonNode grant = Json.tree(first.body());
        assertEquals(4, grant.get("tokens").asInt());
        String lease = grant.get("lease_id").asText();
        assertNumbers(10, 0, 4);

        HttpResponse<String> retried = acquire("s-1", key, 4, "PT60S");
        assertEquals(first.body(), retried.body(), "a retried acquire returns the same grant");
        assertNumbers(10, 0, 4);

        // 2 admitted, wants 5 held from now on: 2 move into the count, 3 more are leased
        JsonNode renewed = Json.tree(renew("s-1", lease, UUID.randomUUID(), 5, 2, 0).body());
        assertEquals(5, renewed.get("tokens").asInt());
        assertEquals(0, renewed.get("revoked").asInt());
        assertNumbers(10, 2, 5);

        // 3 admitted in all, 1 exit credited back to the site
        HttpResponse<String> reconciled = report("s-1", lease, "reconcile", 3, 1);
        assertEquals(200, reconciled.statusCode(), reconciled.body());
        assertEquals("ACTIVE", Json.tree(reconciled.body()).get("state").asText());
        assertEquals(5, Json.tree(reconciled.body()).get("tokens").asInt());
        assertNumbers(10, 2, 5);

        HttpResponse<String> released = report("s-1", lease, "release", 4, 1);
        assertEquals(200, released.statusCode(), released.body());
        assertEquals("CLOSED", Json.tree(released.body()).get("state").asText());
        assertNumbers(10, 3, 0);
        assertEquals(409, renew("s-1", lease, UUID.randomUUID(), 5, 4, 1).statusCode(), "a released lease cannot be renewed");

        assertEquals(1, audited("occupancy.block.acquired"));
        assertEquals(1, audited("occupancy.block.renewed"));
        assertEquals(1, audited("occupancy.block.reconciled"));
        assertEquals(1, audited("occupancy.block.released"));
        assertTrue(relay.relay().audit().verify().ok());
    }

    @Test
    void acquireBeyondTheFreeTokensIsGrantedWhatIsFreeThenAnEmptyBlockThatExitsRefill() throws Exception {
        acquired("s-1", 7);
        JsonNode partial = acquired("s-2", 8);
        assertEquals(3, partial.get("tokens").asInt(), "granted min(requested, free)");
        // s-2 admits its 3 and closes its block: the mall is full
        assertEquals(200, report("s-2", partial.get("lease_id").asText(), "release", 3, 0).statusCode());
        assertNumbers(10, 3, 7);

        JsonNode empty = acquired("s-2", 4);
        assertEquals(0, empty.get("tokens").asInt(), "full: an empty block");
        assertNumbers(10, 3, 7);
        // two people leave by s-2: reported on the empty block, their tokens are s-2's to admit with
        HttpResponse<String> refill = renew("s-2", empty.get("lease_id").asText(), UUID.randomUUID(), 4, 0, 2);
        assertEquals(200, refill.statusCode(), refill.body());
        assertEquals(2, Json.tree(refill.body()).get("tokens").asInt());
        assertNumbers(10, 1, 9);
    }

    @Test
    void aRefusedRequestIsRefusedAgainUnderItsKeyEvenOnceItWouldBeGranted() throws Exception {
        String mode = "/v1/malls/" + MALL + "/mode";
        assertEquals(200, officer.send("POST", mode, "{\"mode\":\"EVACUATE\",\"reason\":\"drill\"}").statusCode());
        UUID key = UUID.randomUUID();
        HttpResponse<String> refused = acquire("s-1", key, 4, "PT60S");
        assertEquals(409, refused.statusCode(), refused.body());
        assertEquals(200, officer.send("POST", mode, "{\"mode\":\"NORMAL\",\"reason\":\"drill over\"}").statusCode());

        // the same request again (a retry still on the wire when the site gave up and moved on): the same refusal
        HttpResponse<String> late = acquire("s-1", key, 4, "PT60S");
        assertEquals(409, late.statusCode(), late.body());
        assertEquals(error(refused), error(late));
        assertNumbers(10, 0, 0);
        assertEquals(4, acquired("s-1", 4).get("tokens").asInt(), "a new key is a new request");
    }

    @Test
    void anExpiredBlockIsReclaimedAsUsedAndALateReconcileCorrectsIt() throws Exception {
        String lease = acquired("s-1", 6).get("lease_id").asText();
        now.set(now.get().plusSeconds(64)); // ttl 60 s + margin 5 s: not yet
        assertNumbers(10, 0, 6);
        now.set(now.get().plusSeconds(1));
        assertNumbers(10, 6, 0); // reclaimed: all 6 counted as used
        assertEquals(1, audited("occupancy.block.reclaimed"));
        HttpResponse<String> renew = renew("s-1", lease, UUID.randomUUID(), 6, 1, 0);
        assertEquals(409, renew.statusCode());
        assertTrue(error(renew).contains("is RECLAIMED (it expired and its 6 tokens were counted as used)"), error(renew));

        // really 2 admitted and 1 exited: the count comes down by 6 - 2 + 1 = 5
        HttpResponse<String> late = report("s-1", lease, "reconcile", 2, 1);
        assertEquals(200, late.statusCode(), late.body());
        assertEquals(-5, Json.tree(late.body()).get("count_correction").asLong());
        assertEquals("CLOSED", Json.tree(late.body()).get("state").asText());
        assertNumbers(10, 1, 0);
        assertEquals(409, report("s-1", lease, "reconcile", 2, 1).statusCode(), "a closed block takes no second report");
    }

    @Test
    void theSweepReclaimsAnExpiredBlockThatNobodyTouches() throws Exception {
        acquired("s-1", 6);
        now.set(now.get().plusSeconds(66));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long[] numbers = relay.relay().ledger().numbers(MALL); // a plain read: it reclaims nothing itself
        while (numbers[1] != 6 && System.nanoTime() < deadline) {
            numbers = relay.relay().ledger().numbers(MALL);
        }
        assertEquals(List.of(6L, 0L), List.of(numbers[1], numbers[2]), "count, leased_out after the sweep");
    }

    @Test
    void aLateReportNeverMakesTheCountNegative() throws Exception {
        String lease = acquired("s-1", 3).get("lease_id").asText();
        now.set(now.get().plusSeconds(120));
        assertNumbers(10, 3, 0);
        // 1 admitted, 4 exits (3 of them people the relay never counted): 1 - 4 - 3 would take the count below zero
        HttpResponse<String> late = report("s-1", lease, "reconcile", 1, 4);
        assertEquals(200, late.statusCode(), late.body());
        assertEquals(-3, Json.tree(late.body()).get("count_correction").asLong());
        assertNumbers(10, 0, 0);
    }

    // ---- recounts ----

    /**
     * Regression: an exit seen before an operator recount but reported after it lowered the recounted count, so the
     * mall could fill above capacity (after a fire, a partitioned gate's 40 exits took 50 counted people down to 10).
     */
    @Test
    void anExitSeenBeforeARecountAndReportedAfterItDoesNotLowerTheRecountedCount() throws Exception {
        String lease = acquired("s-1", 4).get("lease_id").asText();
        assertEquals(200, renew("s-1", lease, UUID.randomUUID(), 4, 4, 0).statusCode());
        assertNumbers(10, 4, 4);
        // 3 of the 4 leave, unreported; the operator counts the 1 still inside
        recount(1, "headcount after the drill");
        assertNumbers(10, 1, 4);
        assertEquals(1, relayMallState().get("recounts").asLong(), "the sites learn of the recount from the mall state");

        // the site knows of the recount and says its 3 exits predate it: rights back, the count stays
        HttpResponse<String> late = renew("s-1", lease, UUID.randomUUID(), 7, 4, 3, 1, 3);
        assertEquals(200, late.statusCode(), late.body());
        assertEquals(7, Json.tree(late.body()).get("tokens").asInt());
        assertNumbers(10, 1, 7);
        assertTrue(lastAuditReason("occupancy.block.renewed").endsWith("; 3 exits seen before recount 1 not taken off the"
                + " recounted count"), lastAuditReason("occupancy.block.renewed"));

        // the last one leaves after the recount: that exit lowers the count as always
        assertEquals(200, renew("s-1", lease, UUID.randomUUID(), 8, 4, 4, 1, 3).statusCode());
        assertNumbers(10, 0, 8);
    }

    /** Regression: a holder that had not heard of a recount reported exits that lowered the recounted count. */
    @Test
    void exitsReportedByAHolderUnawareOfTheRecountDoNotLowerIt() throws Exception {
        String lease = acquired("s-1", 4).get("lease_id").asText();
        assertEquals(200, renew("s-1", lease, UUID.randomUUID(), 4, 4, 0).statusCode());
        recount(2, "headcount");
        // the site still knows of no recount: its 2 exits may predate it, whatever it says of them
        HttpResponse<String> unaware = report("s-1", lease, "reconcile", 4, 2, 0, 0);
        assertEquals(200, unaware.statusCode(), unaware.body());
        assertEquals(0, Json.tree(unaware.body()).get("count_correction").asLong());
        assertNumbers(10, 2, 6);

        // a recount the mall never had is a holder's bug: refused, nothing changes
        HttpResponse<String> ahead = renew("s-1", lease, UUID.randomUUID(), 6, 4, 3, 2, 0);
        assertEquals(400, ahead.statusCode(), ahead.body());
        assertEquals("lease_renew.recounts: site s-1 reports against recount 2 but mall mall-1 has had 1; send the recounts"
                + " of the mall state it last read (GET /v1/sites/s-1/mall)", error(ahead));
        assertNumbers(10, 2, 6);
        // post-recount exits reported by a holder that knows of it still lower the count
        assertEquals(200, report("s-1", lease, "release", 4, 3, 1, 2).statusCode());
        assertNumbers(10, 1, 0);
    }

    /**
     * Regression: a late report on a block reclaimed before a recount took its tokens out of the count again, although
     * the recount had already replaced the count the reclaim added them to.
     */
    @Test
    void aBlockReclaimedBeforeARecountDoesNotTakeItsTokensOffTheRecountedCount() throws Exception {
        String lease = acquired("s-1", 6).get("lease_id").asText();
        now.set(now.get().plusSeconds(120));
        assertNumbers(10, 6, 0);
        recount(2, "headcount");
        // 2 admitted (the recount saw them: counted twice, the safe side), none of the 6 reclaimed taken off
        HttpResponse<String> late = report("s-1", lease, "reconcile", 2, 0, 1, 0);
        assertEquals(200, late.statusCode(), late.body());
        assertEquals(2, Json.tree(late.body()).get("count_correction").asLong());
        assertNumbers(10, 4, 0);
        assertTrue(lastAuditReason("occupancy.block.reconciled").endsWith("; the 6 tokens counted as used at the reclaim"
                + " stay counted (recounted since)"), lastAuditReason("occupancy.block.reconciled"));
    }

    /**
     * A recount while a site holding a block is out of touch could free rights that site gave itself for exits nobody
     * has reported: refused, naming the site and when it was last heard from, unless forced with the reason. The
     * occupancy view says which blocks have not reported against the latest recount yet.
     */
    @Test
    void aRecountWaitsForSilentSitesUnlessForcedAndTheViewShowsBlocksBehindIt() throws Exception {
        HttpResponse<String> long1 = acquire("s-1", UUID.randomUUID(), 4, "PT10M"); // a hub's block lasts 10 min
        assertEquals(200, long1.statusCode(), long1.body());
        String lease1 = Json.tree(long1.body()).get("lease_id").asText();
        Instant acquiredAt = now.get();
        String lease2 = acquired("s-2", 2).get("lease_id").asText();
        now.set(now.get().plusSeconds(50));
        assertEquals(200, renew("s-2", lease2, UUID.randomUUID(), 2, 1, 0).statusCode()); // s-2 stays in touch
        now.set(now.get().plusSeconds(50)); // s-1: 100 s without a word (fleet.stale-after is 90 s)
        String recount = "/v1/malls/" + MALL + "/occupancy/recount";
        HttpResponse<String> refused = officer.send("POST", recount, "{\"count\":3,\"reason\":\"headcount\"}");
        assertEquals(409, refused.statusCode(), refused.body());
        assertEquals("recount refused: site s-1 holds a block and was last heard from " + acquiredAt + ", 100 s ago. Exits"
                + " such a site let through since it last reported gave it rights back that the recounted count frees"
                + " again, so the mall could fill above capacity. Recount once it is back, or send \"force\": true with the"
                + " reason", error(refused));
        assertNumbers(10, 1, 6);
        assertEquals(0, audited("occupancy.recounted"), "the refusal changed nothing");
        assertEquals(400, officer.send("POST", recount, "{\"count\":3,\"force\":\"yes\",\"reason\":\"headcount\"}")
                .statusCode(), "force is true or false");

        // a heartbeat is a word from the site as much as a report is
        HttpResponse<String> heartbeat = relay.send("POST", "/v1/sites/s-1/heartbeat", "{\"site_id\":\"s-1\",\"sent_at\":\""
                + now.get() + "\",\"appliance_version\":\"1.0\",\"devices\":[],\"anomalies\":[],\"cache_bytes\":0}");
        assertEquals(200, heartbeat.statusCode(), heartbeat.body());
        recount(3, "headcount with every site in touch");
        now.set(now.get().plusSeconds(100));
        HttpResponse<String> forced = officer.send("POST", recount,
                "{\"count\":2,\"force\":true,\"reason\":\"after the fire; s-1's uplink is cut\"}");
        assertEquals(200, forced.statusCode(), forced.body());
        assertEquals(2, Json.tree(forced.body()).get("count").asLong());
        assertTrue(lastAuditReason("occupancy.recounted").startsWith("after the fire; s-1's uplink is cut [forced while site"
                + " s-1 holds a block and was last heard from "), lastAuditReason("occupancy.recounted"));

        JsonNode behind = occupancy().get("blocks"); // s-2's block ran out meanwhile
        assertEquals(List.of("s-1", true), List.of(behind.get(0).get("site_id").asText(),
                behind.get(0).get("behind_recount").asBoolean()), behind.toString());
        assertEquals(200, renew("s-1", lease1, UUID.randomUUID(), 4, 0, 0, 2, 0).statusCode());
        JsonNode caughtUp = occupancy().get("blocks").get(0);
        assertEquals(false, caughtUp.get("behind_recount").asBoolean(), "s-1 reported against the latest recount");
        assertEquals(now.get().toString(), caughtUp.get("reported_at").asText());
    }

    JsonNode relayMallState() throws Exception {
        HttpResponse<String> response = relay.send("GET", "/v1/sites/s-1/mall", null);
        assertEquals(200, response.statusCode(), response.body());
        return Json.tree(response.body());
    }

    // ---- capacity ----

    @Test
    void aCapacityCutReportsTheBoundAndRevokesOnTheNextRenew() throws Exception {
        String lease1 = acquired("s-1", 6).get("lease_id").asText();
        String lease2 = acquired("s-2", 4).get("lease_id").asText();
        HttpResponse<String> cut = officer.send("POST", "/v1/malls/" + MALL + "/capacity",
                "{\"capacity\":7,\"reason\":\"fire marshal: east wing closed\"}");
        assertEquals(200, cut.statusCode(), cut.body());
        JsonNode change = Json.tree(cut.body());
        assertEquals("EFFECTIVE", change.get("status").asText());
        assertEquals(10, change.get("previous").asLong());
        assertEquals(3, change.get("over_admission_bound").asLong());
        assertEquals(3, occupancy().get("over_admission_bound").asLong());

        // s-1 admitted 1 and wants 6: it keeps 6 - 1 - 3 = 2, the other 3 are revoked
        JsonNode renewed = Json.tree(renew("s-1", lease1, UUID.randomUUID(), 6, 1, 0).body());
        assertEquals(3, renewed.get("revoked").asInt());
        assertEquals(2, renewed.get("tokens").asInt());
        JsonNode view = occupancy();
        assertEquals(0, view.get("over_admission_bound").asLong());
        assertNumbers(7, 1, 6);
        JsonNode other = Json.tree(renew("s-2", lease2, UUID.randomUUID(), 4, 0, 0).body());
        assertEquals(0, other.get("revoked").asInt(), "once back within capacity nothing more is revoked");

        JsonNode history = Json.tree(admin.get("/v1/malls/" + MALL + "/capacity").body());
        assertEquals(2, history.size());
        assertEquals("user:sam", history.get(1).get("requested_by").asText());
        assertEquals("fire marshal: east wing closed", history.get(1).get("reason").asText());
        assertEquals(now.get().toString(), history.get(1).get("effective_from").asText());
        assertEquals(3, history.get(1).get("over_admission_bound").asLong(), "the cut's bound is kept in the history");
        assertEquals(1, audited("occupancy.capacity.changed"));
        assertEquals(1, audited("occupancy.block.revoked"));
    }

    @Test
    void aRiseAboveTwentyPercentNeedsASecondDifferentSafetyOfficer() throws Exception {
        HttpResponse<String> small = officer.send("POST", "/v1/malls/" + MALL + "/capacity", "{\"capacity\":12,\"reason\":\"+20%\"}");
        assertEquals(200, small.statusCode(), small.body());
        assertNumbers(12, 0, 0);
        HttpResponse<String> big = officer.send("POST", "/v1/malls/" + MALL + "/capacity", "{\"capacity\":15,\"reason\":\"new wing\"}");
        assertEquals(202, big.statusCode(), big.body());
        JsonNode pending = Json.tree(big.body());
        assertEquals("PENDING", pending.get("status").asText());
        assertNumbers(12, 0, 0);
        assertEquals(1, occupancy().get("pending_capacity").size());

        String approve = "/v1/malls/" + MALL + "/capacity/" + pending.get("seq").asInt() + "/approve";
        HttpResponse<String> self = officer.send("POST", approve, "{\"reason\":\"me again\"}");
        assertEquals(403, self.statusCode());
        assertEquals("mall mall-1: capacity change 3 was asked by user:sam, who cannot also approve it; another safety officer must",
                error(self));
        assertEquals(403, admin.send("POST", approve, "{\"reason\":\"admin\"}").statusCode(), "an admin is not a safety officer");
        StaffClient second = StaffClient.as(relay, "ada", Role.SAFETY_OFFICER);
        assertEquals(400, second.send("POST", approve, "{}").statusCode(), "a reason is required");
        HttpResponse<String> approved = second.send("POST", approve, "{\"reason\":\"checked the permit\"}");
        assertEquals(200, approved.statusCode(), approved.body());
        assertEquals("user:ada", Json.tree(approved.body()).get("approved_by").asText());
        assertNumbers(15, 0, 0);
        assertEquals(409, second.send("POST", approve, "{\"reason\":\"twice\"}").statusCode());
        assertEquals(1, audited("occupancy.capacity.requested"));
    }

    // ---- modes ----

    @Test
    void aModeChangeNeedsASafetyOfficerAndAReason() throws Exception {
        String path = "/v1/malls/" + MALL + "/mode";
        HttpResponse<String> byAdmin = admin.send("POST", path, "{\"mode\":\"EVACUATE\",\"reason\":\"drill\"}");
        assertEquals(403, byAdmin.statusCode());
        HttpResponse<String> noReason = officer.send("POST", path, "{\"mode\":\"EVACUATE\"}");
        assertEquals(400, noReason.statusCode());
        assertTrue(error(noReason).startsWith("reason is required"), error(noReason));
        HttpResponse<String> badMode = officer.send("POST", path, "{\"mode\":\"PANIC\",\"reason\":\"drill\"}");
        assertEquals(400, badMode.statusCode());
        assertEquals("mode_change.mode: unknown mode 'PANIC' (modes: NORMAL, EVACUATE, LOCKDOWN, FIRE)", error(badMode));
        assertEquals("NORMAL", occupancy().get("mode").asText());

        String lease = acquired("s-1", 4).get("lease_id").asText();
        assertEquals(200, officer.send("POST", path, "{\"mode\":\"EVACUATE\",\"reason\":\"drill\"}").statusCode());
        JsonNode revoked = Json.tree(renew("s-1", lease, UUID.randomUUID(), 4, 0, 0).body());
        assertEquals(4, revoked.get("revoked").asInt());
        assertEquals(0, revoked.get("tokens").asInt());
        HttpResponse<String> refused = acquire("s-2", UUID.randomUUID(), 1, "PT60S");
        assertEquals(409, refused.statusCode());
        assertEquals("mall mall-1: admissions suspended, mode is EVACUATE; no tokens for site s-2 until a safety officer sets NORMAL",
                error(refused));
        assertEquals(1, audited("occupancy.mode.changed"));
    }

    /**
     * Regression (found by the simulation): people admitted with tokens the relay revoked before the revoke reached
     * the site are inside all the same; the next report records them instead of being refused, and only up to what
     * was revoked.
     */
    @Test
    void admissionsSpentBeforeARevokeArrivedAreRecordedUpToWhatWasRevoked() throws Exception {
        String lease = acquired("s-1", 4).get("lease_id").asText();
        assertEquals(200, officer.send("POST", "/v1/malls/" + MALL + "/mode", "{\"mode\":\"EVACUATE\",\"reason\":\"drill\"}")
                .statusCode());
        assertEquals(4, Json.tree(renew("s-1", lease, UUID.randomUUID(), 4, 0, 0).body()).get("revoked").asInt());
        assertNumbers(10, 0, 0);
        // two unlocked entries were used while the revoke was on its way
        HttpResponse<String> late = renew("s-1", lease, UUID.randomUUID(), 0, 2, 0);
        assertEquals(200, late.statusCode(), late.body());
        assertNumbers(10, 2, 0);
        // the other two revoked tokens may still show up, but not a third
        HttpResponse<String> beyond = renew("s-1", lease, UUID.randomUUID(), 0, 5, 0);
        assertEquals(409, beyond.statusCode(), beyond.body());
        assertTrue(error(beyond).contains("reports 3 more admissions but held 0 tokens (+0 exits, +2 revoked"), error(beyond));
        assertNumbers(10, 2, 0);
    }

    /** Regression (found by the simulation): a renew holding nothing while not NORMAL tried to grow and was refused. */
    @Test
    void aRenewHoldingNothingOutsideNormalKeepsNothingAndSucceeds() throws Exception {
        String lease = acquired("s-1", 4).get("lease_id").asText();
        assertEquals(200, officer.send("POST", "/v1/malls/" + MALL + "/mode", "{\"mode\":\"LOCKDOWN\",\"reason\":\"police\"}")
                .statusCode());
        HttpResponse<String> renewed = renew("s-1", lease, UUID.randomUUID(), 4, 4, 0);
        assertEquals(200, renewed.statusCode(), renewed.body());
        assertEquals(List.of(0, 0), List.of(Json.tree(renewed.body()).get("tokens").asInt(),
                Json.tree(renewed.body()).get("revoked").asInt()));
        assertNumbers(10, 4, 0);
    }

    @Test
    void afterFireAdmissionsStaySuspendedUntilARecount() throws Exception {
        acquired("s-1", 4);
        String mode = "/v1/malls/" + MALL + "/mode";
        assertEquals(200, officer.send("POST", mode, "{\"mode\":\"FIRE\",\"reason\":\"fire panel: loop open\"}").statusCode());
        JsonNode view = occupancy();
        assertEquals("FIRE", view.get("mode").asText());
        assertEquals("UNKNOWN", view.get("state").asText());

        HttpResponse<String> back = officer.send("POST", mode, "{\"mode\":\"NORMAL\",\"reason\":\"panel reset\"}");
        assertEquals(409, back.statusCode());
        assertTrue(error(back).startsWith("mall mall-1: occupancy is UNKNOWN (FIRE since "), error(back));
        HttpResponse<String> refused = acquire("s-2", UUID.randomUUID(), 1, "PT60S");
        assertEquals(409, refused.statusCode());
        assertTrue(error(refused).startsWith("mall mall-1: admissions suspended, mode is FIRE"), error(refused));

        String recount = "/v1/malls/" + MALL + "/occupancy/recount";
        assertEquals(400, officer.send("POST", recount, "{\"count\":3}").statusCode(), "a recount needs a reason");
        HttpResponse<String> negative = officer.send("POST", recount, "{\"count\":-1,\"reason\":\"headcount\"}");
        assertEquals(400, negative.statusCode());
        assertEquals("recount.count: must not be negative, was -1", error(negative));
        HttpResponse<String> counted = officer.send("POST", recount, "{\"count\":3,\"reason\":\"headcount at the doors\"}");
        assertEquals(200, counted.statusCode(), counted.body());
        assertEquals("KNOWN", Json.tree(counted.body()).get("state").asText());
        assertEquals(3, Json.tree(counted.body()).get("count").asLong());

        // still FIRE: recounted, but no admissions until NORMAL
        assertEquals(409, acquire("s-2", UUID.randomUUID(), 1, "PT60S").statusCode());
        assertEquals(200, officer.send("POST", mode, "{\"mode\":\"NORMAL\",\"reason\":\"panel reset\"}").statusCode());
        assertEquals(3, acquired("s-2", 5).get("tokens").asInt(), "10 - count 3 - the 4 still leased to s-1");
        assertEquals(1, audited("occupancy.recounted"));
    }

    // ---- bad input ----

    @Test
    void badInputIsRefusedNamingTheFieldAndChangesNothing() throws Exception {
        String body = "{\"idempotency_key\":\"" + UUID.randomUUID() + "\",\"mall_id\":\"" + MALL
                + "\",\"holder_id\":\"s-1\",\"tokens\":4,\"ttl\":\"PT60S\",\"recounts\":0}";
        Map<String, String> cases = Map.of(
                body.replace("\"tokens\":4", "\"tokens\":0"), "lease_acquire.tokens: must be greater than 0, was 0",
                body.replace("PT60S", "PT2H"), "lease_acquire.ttl: must be at most PT1H, was PT2H",
                body.replace("\"holder_id\":\"s-1\"", "\"holder_id\":\"s-2\""),
                "lease_acquire.holder_id: must be the requesting site 's-1', was 's-2'",
                body.replace("\"ttl\"", "\"priority\":1,\"ttl\""), "lease_acquire: unknown field 'priority'",
                body.replace(MALL, "mall-9"), "mall_id: site s-1 leases for mall mall-1, not mall-9");
        for (var c : cases.entrySet()) {
            HttpResponse<String> response = relay.send("POST", "/v1/sites/s-1/blocks", c.getKey());
            assertTrue(response.statusCode() == 400 || response.statusCode() == 409, response.statusCode() + " " + response.body());
            assertEquals(c.getValue(), error(response));
        }
        HttpResponse<String> unbound = relay.send("POST", "/v1/sites/s-9/blocks", body.replace("s-1", "s-9"));
        assertEquals(404, unbound.statusCode());
        assertTrue(error(unbound).startsWith("site s-9: not bound to any mall"), error(unbound));
        HttpResponse<String> capacity = officer.send("POST", "/v1/malls/" + MALL + "/capacity", "{\"capacity\":\"ten\",\"reason\":\"x\"}");
        assertEquals(400, capacity.statusCode());
        assertEquals("capacity_change.capacity: expected an integer, was \"ten\"", error(capacity));
        assertEquals(404, officer.send("POST", "/v1/malls/nope/capacity", "{\"capacity\":5,\"reason\":\"x\"}").statusCode());
        HttpResponse<String> dup = admin.send("POST", "/v1/malls", "{\"id\":\"" + MALL + "\",\"capacity\":5,\"reason\":\"again\"}");
        assertEquals(409, dup.statusCode());
        HttpResponse<String> taken = admin.send("POST", "/v1/malls", "{\"id\":\"mall-2\",\"capacity\":5,\"sites\":[\"s-1\"],\"reason\":\"x\"}");
        assertEquals(409, taken.statusCode());
        assertEquals("site s-1: already bound to mall mall-1", error(taken));
        assertEquals(404, admin.get("/v1/malls/mall-2/occupancy").statusCode(), "the refused registration left nothing behind");
        assertNumbers(10, 0, 0);
        assertEquals(0, audited("occupancy.block.acquired"));
    }

    @Test
    void aRetryWithTheSameKeyButAnotherRequestIsRefused() throws Exception {
        UUID key = UUID.randomUUID();
        assertEquals(200, acquire("s-1", key, 4, "PT60S").statusCode());
        HttpResponse<String> reused = acquire("s-1", key, 5, "PT60S");
        assertEquals(409, reused.statusCode());
        assertEquals("site s-1: idempotency_key " + key + " was already used for another request; use a new key for a new request",
                error(reused));
        assertNumbers(10, 0, 4);
    }

    @Test
    void anyoneOnStaffListsTheMallsWithTheirSites() throws Exception {
        assertEquals(401, relay.sendPlain("GET", "/v1/malls", null).statusCode());
        assertEquals(201, admin.send("POST", "/v1/malls", "{\"id\":\"mall-0\",\"capacity\":3,\"reason\":\"kiosk\"}").statusCode());
        assertEquals(200, officer.send("POST", "/v1/malls/" + MALL + "/mode", "{\"mode\":\"FIRE\",\"reason\":\"drill\"}").statusCode());
        StaffClient viewer = StaffClient.as(relay, "vic", Role.VIEWER);
        HttpResponse<String> list = viewer.get("/v1/malls");
        assertEquals(200, list.statusCode(), list.body());
        JsonNode malls = Json.tree(list.body()).get("malls");
        assertEquals(2, malls.size(), malls.toString());
        assertEquals(List.of("mall-0", "3", "NORMAL", "KNOWN", "[]"), List.of(malls.get(0).get("id").asText(),
                malls.get(0).get("capacity").asText(), malls.get(0).get("mode").asText(), malls.get(0).get("state").asText(),
                malls.get(0).get("sites").toString()));
        assertEquals(List.of(MALL, "10", "FIRE", "UNKNOWN", "[\"s-1\",\"s-2\"]"), List.of(malls.get(1).get("id").asText(),
                malls.get(1).get("capacity").asText(), malls.get(1).get("mode").asText(), malls.get(1).get("state").asText(),
                malls.get(1).get("sites").toString()));
    }

    // ---- live ----

    @Test
    void theStreamPushesTheNewDocumentWhenTheLedgerChanges() throws Exception {
        HttpResponse<String> anonymous = relay.sendPlain("GET", "/v1/malls/" + MALL + "/occupancy/stream", null,
                "Accept", "text/event-stream");
        assertEquals(401, anonymous.statusCode());
        assertEquals(404, admin.get("/v1/malls/nope/occupancy/stream").statusCode());
        try (Stream stream = Stream.open(relay, admin, MALL)) {
            assertEquals(0, stream.next().get("leased_out").asLong());
            acquired("s-1", 4);
            JsonNode changed = stream.nextWhere(d -> d.get("leased_out").asLong() != 0);
            assertEquals(4, changed.get("leased_out").asLong());
            assertEquals(1, changed.get("blocks").size());
        }
    }

    /** A staff member's open occupancy stream: the documents as they arrive. */
    static final class Stream implements AutoCloseable {
        private final HttpClient client = HttpClient.newHttpClient();
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final CompletableFuture<Void> pending;

        private Stream(RelayHarness relay, StaffClient staff, String mall) {
            var request = HttpRequest.newBuilder(relay.uri("/v1/malls/" + mall + "/occupancy/stream"))
                    .header("Cookie", staff.cookie()).header("Accept", "text/event-stream").build();
            pending = client.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> {
                lines.add("status:" + r.statusCode());
                r.body().forEach(lines::add);
            });
        }

        static Stream open(RelayHarness relay, StaffClient staff, String mall) {
            return new Stream(relay, staff, mall);
        }

        JsonNode next() throws InterruptedException {
            return nextWhere(d -> true);
        }

        /** The next document that matches, waiting up to 10 s. */
        JsonNode nextWhere(Predicate<JsonNode> wanted) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null && line.startsWith("status:") && !line.equals("status:200")) {
                    throw new AssertionError("occupancy stream answered " + line);
                }
                if (line != null && line.startsWith("data:")) {
                    JsonNode document = Json.tree(line.substring(5).strip());
                    if (wanted.test(document)) {
                        return document;
                    }
                }
            }
            throw new AssertionError("no matching occupancy document within 10 s");
        }

        @Override
        public void close() {
            pending.cancel(true);
            client.shutdownNow();
        }
    }
}
