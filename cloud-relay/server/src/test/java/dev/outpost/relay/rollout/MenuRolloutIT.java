package dev.outpost.relay.rollout;

import static dev.outpost.relay.testing.MenuLayers.GLOBAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.api.client.RelayClient;
import dev.outpost.api.client.RelayException;
import dev.outpost.api.event.EventBatch;
import dev.outpost.api.event.EventEnvelope;
import dev.outpost.api.event.FlipResult;
import dev.outpost.api.event.MenuDownloaded;
import dev.outpost.api.event.UuidV7;
import dev.outpost.api.heartbeat.Heartbeat;
import dev.outpost.api.json.Json;
import dev.outpost.relay.staff.Role;
import dev.outpost.relay.testing.RelayHarness;
import dev.outpost.relay.testing.StaffClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sites' menu milestones on a real relay (SQLite and PostgreSQL): the events an appliance sends move its plan's
 * progress counts and the stores' freshness, in the transaction that stores them; aborts above a plan's guardrail
 * pause its stage, audited with the numbers; a bad guardrail or a broken flip report is refused whole.
 */
@Tag("integration")
class MenuRolloutIT {
    @TempDir
    Path dir;
    // TLS checks certificates on the real clock, the relay issues them on its own: start a little in the past
    static final LocalDate DAY = LocalDate.now(ZoneOffset.UTC).minusDays(2);
    static final Instant T = DAY.plusDays(1).atTime(11, 0).toInstant(ZoneOffset.UTC);
    static final String SHA = "ab".repeat(32);
    final AtomicReference<Instant> now = new AtomicReference<>(DAY.atTime(12, 0).toInstant(ZoneOffset.UTC));
    final InstantSource clock = () -> now.get();
    final UuidV7 ids = new UuidV7(clock);
    final AtomicLong sequence = new AtomicLong();
    final List<String> sites = List.of("store-1", "store-2", "store-3", "store-4", "store-5");
    RelayHarness relay;
    StaffClient admin;
    StaffClient publisher;
    StaffClient regulator;

    @BeforeEach
    void start() throws Exception {
        relay = RelayHarness.start(dir, Map.of(), clock);
        admin = StaffClient.admin(relay);
        publisher = StaffClient.as(relay, "pat", Role.PUBLISHER);
        StaffClient.createUser(relay, "fred", Set.of("FR"), Role.APPROVER);
        regulator = StaffClient.login(relay, "fred", StaffClient.PASSWORD);
        for (String site : sites) {
            ok(200, admin.send("PUT", "/v1/stores/" + site, "{\"region\":\"EU\",\"country\":\"FR\",\"zone\":"
                    + "\"Europe/Paris\",\"reason\":\"new store\"}"));
        }
        ok(200, admin.send("PUT", "/v1/stores/store-de", "{\"region\":\"EU\",\"country\":\"DE\",\"zone\":"
                + "\"Europe/Berlin\",\"reason\":\"new store\"}"));
        ok(201, publisher.send("POST", "/v1/variants", "{\"id\":\"main\",\"name\":\"Main menu\",\"reason\":\"new line\"}"));
        ok(200, publisher.send("PUT", "/v1/variants/main/layers/global", GLOBAL));
        ok(201, publisher.send("POST", "/v1/variants/main/publish", "{\"reason\":\"v1\"}"));
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    /** A plan of main v1 at T for the French stores, signed off and live. */
    private String livePlan(String guardrail) throws Exception {
        JsonNode plan = ok(201, publisher.send("POST", "/v1/plans", "{\"variant\":\"main\",\"version\":1,\"activate_at\":\""
                + T + "\",\"targets\":{\"countries\":[\"FR\"]}" + guardrail + ",\"reason\":\"lunch launch\"}"));
        String id = plan.get("id").textValue();
        ok(200, regulator.send("POST", "/v1/plans/" + id + "/signoff", "{\"country\":\"FR\",\"reason\":\"ok\"}"));
        return id;
    }

    @Test
    void milestonesFromSitesMoveThePlansProgressAndTheStoresFreshness() throws Exception {
        String plan = livePlan("");
        for (String site : List.of("store-1", "store-2", "store-3", "store-4")) {
            heartbeat(site);
        }
        send("store-1", downloaded());
        send("store-2", downloaded(), result(FlipResult.PREPARED, 0, 0));
        send("store-3", downloaded(), result(FlipResult.PREPARED, 0, 0), result(FlipResult.COMMITTED, 3, 1));
        send("store-3", downloaded()); // late and out of order: never moves a store back

        JsonNode progress = ok(200, publisher.get("/v1/plans/" + plan + "/progress"));
        assertEquals("main/v1", progress.get("version_id").textValue());
        assertEquals("{\"committed\":1,\"failed\":0,\"prepared\":1,\"downloaded\":1,\"offline\":1,\"waiting\":1}",
                progress.at("/total/counts").toString(), progress.toString());
        assertEquals("[\"store-3\"]", progress.at("/total/listed/committed").toString());
        assertEquals("[\"store-5\"]", progress.at("/total/listed/offline").toString(), "never sent a heartbeat");
        assertEquals("[\"store-4\"]", progress.at("/total/listed/waiting").toString());
        assertEquals(5, progress.at("/stages/0/tally/stores").intValue(), "one stage of 100%");

        now.set(T.plusSeconds(60)); // the plan's version is what stores should show now
        publisher = StaffClient.login(relay, "pat", StaffClient.PASSWORD); // the session ended meanwhile
        heartbeat("store-3");
        JsonNode after = ok(200, publisher.get("/v1/plans/" + plan + "/progress"));
        assertEquals("{\"committed\":1,\"failed\":0,\"prepared\":0,\"downloaded\":0,\"offline\":4,\"waiting\":0}",
                after.at("/total/counts").toString(), "silent for longer than fleet.stale-after; the committed one stays");

        JsonNode fresh = ok(200, publisher.get("/v1/freshness?country=FR"));
        assertEquals(5, fresh.get("stores").size(), "the DE store filtered out");
        JsonNode three = fresh.get("stores").get(2);
        assertEquals("store-3", three.get("site_id").textValue());
        assertEquals(false, three.get("offline").booleanValue());
        assertEquals(0, three.get("staleness_seconds").intValue());
        assertEquals(1, three.get("autonomous_commits").intValue());
        JsonNode menu = three.get("menus").get(0);
        assertEquals("main/v1", menu.get("current_version").textValue());
        assertEquals("main/v1", menu.get("target_version").textValue());
        assertEquals("COMMITTED", menu.get("state").textValue());
        assertEquals("[{\"variant_id\":\"main\",\"locale\":\"en-GB\",\"version_id\":\"main/v1\",\"activate_at\":\""
                + T + "\"}]", three.get("planned").toString());
        assertEquals("[]", three.get("behind").toString());
        JsonNode one = fresh.get("stores").get(0);
        assertEquals(Duration.between(DAY.atTime(12, 0).toInstant(ZoneOffset.UTC), now.get()).toSeconds(),
                one.get("staleness_seconds").longValue());
        assertTrue(one.get("offline").booleanValue());
        assertTrue(one.get("menus").get(0).get("current_version").isNull(), "downloaded, not committed yet");
        assertEquals("[\"main/en-GB\"]", one.get("behind").toString(), "planned, not reported shown");
        assertTrue(fresh.get("stores").get(4).get("last_heartbeat").isNull());

        HttpResponse<String> bad = publisher.get("/v1/freshness?country=fr");
        assertEquals(400, bad.statusCode());
        assertEquals("freshness: country must be an ISO 3166-1 alpha-2 code such as FR, was 'fr'",
                Json.tree(bad.body()).get("error").textValue());
        assertEquals(401, relay.sendPlain("GET", "/v1/plans/" + plan + "/progress", null).statusCode());
    }

    @Test
    void abortsAboveTheGuardrailPauseTheStageAuditedWithTheNumbers() throws Exception {
        String plan = livePlan(",\"guardrail\":{\"max_failed_pct\":20}");
        send("store-1", result(FlipResult.ABORTED, 0, 0));
        assertEquals("ACTIVE", ok(200, publisher.get("/v1/plans/" + plan)).at("/plan/state").textValue(),
                "1 of 5 is 20%: not above");
        send("store-2", result(FlipResult.ABORTED, 0, 0));
        JsonNode paused = ok(200, publisher.get("/v1/plans/" + plan)).get("plan");
        assertEquals("PAUSED", paused.get("state").textValue());
        assertEquals("{\"max_failed_pct\":20,\"max_autonomous_pct\":20}", paused.get("guardrail").toString());
        JsonNode audit = ok(200, admin.get("/v1/audit?action=plan.paused")).get("records").get(0);
        assertEquals("guardrail", audit.get("actor").textValue());
        assertEquals("guardrail: 2 of 5 stores of stage 1 (40%) failed (aborted), above max_failed_pct 20% (main/v1)",
                audit.get("reason").textValue());
        assertEquals(2, ok(200, publisher.get("/v1/plans/" + plan + "/progress")).at("/total/counts/failed").intValue());
        ok(200, publisher.send("POST", "/v1/plans/" + plan + "/resume", "{\"reason\":\"fixed the blob\"}"));
    }

    @Test
    void autonomousCommitsAboveTheGuardrailPauseTheStage() throws Exception {
        String plan = livePlan(",\"guardrail\":{\"max_autonomous_pct\":0}");
        send("store-4", result(FlipResult.COMMITTED, 2, 0));
        assertEquals("ACTIVE", ok(200, publisher.get("/v1/plans/" + plan)).at("/plan/state").textValue());
        send("store-5", result(FlipResult.AUTONOMOUS, 2, 2));
        assertEquals("PAUSED", ok(200, publisher.get("/v1/plans/" + plan)).at("/plan/state").textValue());
        assertEquals("guardrail: 1 of 5 stores of stage 1 (20%) had screens commit on their own, above"
                + " max_autonomous_pct 0% (main/v1)", ok(200, admin.get("/v1/audit?action=plan.paused"))
                .at("/records/0/reason").textValue());
    }

    @Test
    void aBadGuardrailIsRefusedNamingTheFieldAndNoPlanIsMade() throws Exception {
        for (String[] c : new String[][] {
                {"{\"max_failed_pct\":150}", "plan.guardrail.max_failed_pct: expected a whole percent from 0 to 100, was 150"},
                {"{\"max_autonomous_pct\":\"5\"}", "plan.guardrail.max_autonomous_pct: expected a whole percent from 0 to"
                        + " 100, was \"5\""},
                {"{\"max_fails\":5}", "plan.guardrail: unknown field 'max_fails' (known: max_failed_pct, max_autonomous_pct)"},
                {"5", "plan.guardrail: expected a JSON object, was NUMBER"}}) {
            HttpResponse<String> r = publisher.send("POST", "/v1/plans", "{\"variant\":\"main\",\"version\":1,"
                    + "\"activate_at\":\"" + T + "\",\"guardrail\":" + c[0] + ",\"reason\":\"x\"}");
            assertEquals(400, r.statusCode(), r.body());
            assertEquals(c[1], Json.tree(r.body()).get("error").textValue());
        }
        assertEquals(0, ok(200, publisher.get("/v1/plans")).get("plans").size());
    }

    @Test
    void aBrokenFlipReportIsRefusedWholeAndMovesNothing() throws Exception {
        String plan = livePlan("");
        ObjectNode broken = (ObjectNode) Json.toTree(result(FlipResult.COMMITTED, 2, 1));
        broken.put("autonomous_commits", 2);
        EventEnvelope good = event("store-1", "menu.downloaded", Json.toTree(downloaded()));
        EventEnvelope bad = event("store-1", "flip.commit", broken);
        try (RelayClient client = relay.client("store-1")) {
            RelayException e = org.junit.jupiter.api.Assertions.assertThrows(RelayException.class,
                    () -> client.postEvents("store-1", new EventBatch(List.of(good, bad))));
            assertEquals(400, e.status().orElseThrow());
            assertTrue(e.getMessage().contains("event_batch.events[1].payload.autonomous_commits: (flip.commit) must"
                    + " count the autonomous commits (1), was 2"), e.getMessage());
        }
        assertEquals(0, ok(200, publisher.get("/v1/plans/" + plan + "/progress")).at("/total/counts/downloaded")
                .intValue(), "nothing of the batch applied");
    }

    private MenuDownloaded downloaded() {
        return new MenuDownloaded("main", "en-GB", "main/v1", SHA, T);
    }

    /** A flip of main/v1 at T on a site with 2 screens (3 when committed screens say so). */
    private FlipResult result(String outcome, int committed, int autonomous) {
        List<FlipResult.DeviceCommit> commits = new ArrayList<>();
        for (int i = 0; i < committed; i++) {
            commits.add(new FlipResult.DeviceCommit("board-" + i, T.plusMillis(i), i < autonomous));
        }
        int devices = Math.max(2, committed);
        return new FlipResult(UUID.randomUUID(), "main", "en-GB", "main/v1", SHA, T, outcome, outcome.toLowerCase(),
                devices, outcome.equals(FlipResult.ABORTED) ? 1 : devices, committed, autonomous,
                outcome.equals(FlipResult.ABORTED) ? List.of("board-1 (aborted: blob hash mismatch)") : List.of(),
                List.of(), commits);
    }

    private EventEnvelope event(String site, String type, JsonNode payload) {
        return new EventEnvelope(ids.next(), site, "appliance", type, now.get(), sequence.incrementAndGet(), payload);
    }

    private void send(String site, Object... payloads) {
        List<EventEnvelope> events = new ArrayList<>();
        for (Object p : payloads) {
            String type = p instanceof FlipResult r ? FlipResult.typeOf(r.outcome()) : "menu.downloaded";
            events.add(event(site, type, Json.toTree(p)));
        }
        try (RelayClient client = relay.client(site)) {
            assertEquals(events.size(), client.postEvents(site, new EventBatch(events)).accepted().size());
        }
    }

    private void heartbeat(String site) {
        try (RelayClient client = relay.client(site)) {
            client.heartbeat(site, new Heartbeat(site, now.get(), "test", List.of(), List.of(), 0));
        }
    }

    private static JsonNode ok(int status, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        return Json.tree(response.body());
    }
}
