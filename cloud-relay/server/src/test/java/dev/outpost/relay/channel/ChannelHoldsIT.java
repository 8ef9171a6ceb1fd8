package dev.outpost.relay.channel;

import static dev.outpost.relay.testing.MenuLayers.FRANCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.json.Json;
import dev.outpost.relay.staff.Role;
import dev.outpost.relay.testing.MenuLayers;
import dev.outpost.relay.testing.RelayHarness;
import dev.outpost.relay.testing.StaffClient;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hold rules on a real relay and store: after a first release, a price jump, a new item or a removed item waits for
 * an approver for the store's country; approved, it goes out; rejected, every channel keeps what it had. Both are
 * audited with the approver's reason.
 */
@Tag("integration")
class ChannelHoldsIT {
    static final String WEB = ChannelPublishIT.WEB;

    @TempDir
    Path dir;
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-19T06:00:00Z"));
    final InstantSource clock = () -> now.get();
    RelayHarness relay;
    StaffClient admin;
    StaffClient publisher;
    StaffClient approver;

    HttpServer owner;
    final BlockingQueue<JsonNode> notices = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        owner = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        owner.createContext("/holds", exchange -> {
            notices.add(Json.tree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        owner.start();
        relay = RelayHarness.start(dir, Map.of(), clock);
        admin = StaffClient.admin(relay);
        publisher = StaffClient.as(relay, "pat", Role.PUBLISHER);
        StaffClient.createUser(relay, "ana", Set.of("FR"), Role.APPROVER);
        approver = StaffClient.login(relay, "ana", StaffClient.PASSWORD);
        MenuLayers.frenchStoreWithMain(admin, publisher);
        ok(200, publisher.send("PUT", "/v1/channels/web", WEB));
        ok(200, publisher.send("PUT", "/v1/channels/web-en", WEB.replace("fr-FR", "en-GB")));
        ok(200, approver.send("PUT", "/v1/channel-hold-rules", """
                {"price_change_percent": 20, "new_items": true, "removed_items": true,
                 "notify_url": "http://127.0.0.1:%d/holds", "reason": "owner signs off"}"""
                .formatted(owner.getAddress().getPort())));
        publish("launch");
        JsonNode first = run();
        assertEquals(0, first.at("/channels/0/held").intValue(), "a first release holds nothing: " + first);
        assertEquals(2, site("web").get("items").size());
    }

    @AfterEach
    void stop() {
        relay.close();
        owner.stop(0);
    }

    @Test
    void aPriceJumpWaitsForAnApproverAndGoesOutOnceApproved() throws Exception {
        layer(FRANCE.replace("949", "1299").replace("\"Frites\"", "\"Frites maison\""));
        publish("new price, new name");
        JsonNode report = run();
        assertEquals(1, report.at("/channels/0/held").intValue(), report.toString());
        assertEquals("9,49\u00a0€", site("web").at("/items/big-burger/price").textValue(), "held: as it was");
        assertEquals("Frites maison", site("web").at("/items/fries/name").textValue(), "a rename is routine: it flows");
        JsonNode hold = ok(200, publisher.get("/v1/channel-holds")).at("/holds/0");
        assertEquals("PENDING", hold.get("state").textValue());
        assertEquals("PRICE", hold.get("kind").textValue());
        assertEquals("price 949 → 1299 (+36.9%)", hold.get("detail").textValue());
        String id = hold.get("id").textValue();
        JsonNode notice = notices.poll(5, TimeUnit.SECONDS);
        assertEquals("channel.hold.opened", notice.get("event").textValue(), notice.toString());
        assertEquals(id, notice.at("/hold/id").textValue());
        assertEquals("price 949 → 1299 (+36.9%)", notice.at("/hold/detail").textValue());
        assertTrue(notices.isEmpty(), "one notice per hold opened: " + notices);
        HttpResponse<String> badUrl = approver.send("PUT", "/v1/channel-hold-rules",
                "{\"notify_url\": \"ftp://owner\", \"reason\": \"x\"}");
        assertEquals(400, badUrl.statusCode());
        assertTrue(badUrl.body().contains("channel hold rules: notify_url must be an http(s) URL, was 'ftp://owner'"),
                badUrl.body());

        HttpResponse<String> notOwner = publisher.send("POST", "/v1/channel-holds/" + id + "/approve", "{\"reason\":\"ok\"}");
        assertEquals(403, notOwner.statusCode(), notOwner.body());
        HttpResponse<String> noReason = approver.send("POST", "/v1/channel-holds/" + id + "/approve", "{}");
        assertEquals(400, noReason.statusCode(), noReason.body());
        assertTrue(noReason.body().contains("reason is required"), noReason.body());

        JsonNode approved = ok(200, approver.send("POST", "/v1/channel-holds/" + id + "/approve",
                "{\"reason\":\"new beef supplier\"}"));
        assertEquals("APPROVED", approved.get("state").textValue());
        assertEquals(0, run().at("/channels/0/sent").intValue(), "the approval's own run sent it");
        assertEquals("12,99\u00a0€", site("web").at("/items/big-burger/price").textValue());
        assertEquals("€12.99", site("web-en").at("/items/big-burger/price").textValue());
        assertEquals(1, ok(200, publisher.get("/v1/channel-holds")).get("holds").size(), "released, not held again");
        JsonNode audit = ok(200, admin.get("/v1/audit?action=channel.hold.approved")).at("/records/0");
        assertEquals("new beef supplier", audit.get("reason").textValue());
        assertEquals(409, approver.send("POST", "/v1/channel-holds/" + id + "/reject", "{\"reason\":\"late\"}").statusCode());
    }

    @Test
    void aRejectedHoldLeavesEveryChannelAsItWas() throws Exception {
        layer(FRANCE.replace("\"fries\": {\"names\": {\"fr-FR\": \"Frites\"}}", "\"fries\": {\"$remove\": true}")
                .replace("949", "979"));
        publish("drop fries");
        JsonNode report = run();
        assertEquals(1, report.at("/channels/0/held").intValue(), report.toString());
        assertEquals(1, report.at("/channels/1/held").intValue(), report.toString());
        assertEquals("9,79\u00a0€", site("web").at("/items/big-burger/price").textValue(), "+3.2%: under the threshold");
        JsonNode hold = ok(200, publisher.get("/v1/channel-holds")).at("/holds/0");
        assertEquals("REMOVED", hold.get("kind").textValue());
        JsonNode webBefore = site("web");
        JsonNode enBefore = site("web-en");

        now.set(now.get().plus(Duration.ofMinutes(1)));
        JsonNode rejected = ok(200, approver.send("POST", "/v1/channel-holds/" + hold.get("id").textValue() + "/reject",
                "{\"reason\":\"fries stay on the website\"}"));
        assertEquals("REJECTED", rejected.get("state").textValue());
        JsonNode after = run();
        assertEquals(0, after.at("/channels/0/sent").intValue(), after.toString());
        assertEquals(webBefore, site("web"), "every channel as it was");
        assertEquals(enBefore, site("web-en"));
        assertEquals("Frites", site("web").at("/items/fries/name").textValue());
        assertEquals(1, ok(200, admin.get("/v1/audit?action=channel.hold.rejected")).get("records").size());
        JsonNode digest = ok(200, publisher.get("/v1/channel-holds/digest"));
        assertEquals("2026-W47", digest.get("week").textValue(), "this week on the relay's clock: " + digest);
        assertEquals("fries stay on the website", digest.at("/rejected/0/reason").textValue(), digest.toString());
        assertEquals(0, ok(200, publisher.get("/v1/channel-holds/digest?week=2026-W46")).get("rejected").size());
        HttpResponse<String> week = publisher.get("/v1/channel-holds/digest?week=47");
        assertEquals(400, week.statusCode());
        assertTrue(week.body().contains("week must be an ISO week such as 2026-W47, was '47'"), week.body());

        layer(FRANCE.replace("949", "979").replace("}}}},", "}}, \"salad\": {\"names\": {\"en-GB\": \"Salad\", \"fr-FR\":"
                + " \"Salade\"}, \"price\": {\"amount_minor\": 650, \"currency\": \"EUR\"}, \"category\": \"burgers\","
                + " \"allergens\": {\"contains\": [], \"may_contain\": []}, \"calories\": 150}}},"));
        publish("fries back, a salad");
        JsonNode next = run();
        assertEquals(0, next.at("/channels/0/sent").intValue(), "fries never left; the salad waits: " + next);
        JsonNode holds = ok(200, publisher.get("/v1/channel-holds")).get("holds");
        assertEquals(2, holds.size(), holds.toString());
        assertEquals("NEW", holds.get(0).get("kind").textValue());
        assertEquals("PENDING", holds.get(0).get("state").textValue());
        assertEquals("REJECTED", holds.get(1).get("state").textValue(), "decided holds keep their state");
        assertTrue(!site("web").at("/items").has("salad"));
    }

    private void layer(String body) throws Exception {
        ok(200, publisher.send("PUT", "/v1/variants/main/layers/country:FR", body));
    }

    private void publish(String reason) throws Exception {
        ok(201, publisher.send("POST", "/v1/variants/main/publish", "{\"reason\":\"" + reason + "\"}"));
    }

    private JsonNode site(String channel) throws Exception {
        return ok(200, relay.sendPlain("GET", "/channels/" + channel + "/menu.json", null));
    }

    private JsonNode run() throws Exception {
        return ok(200, publisher.send("POST", "/v1/channel-runs", "{\"reason\":\"check\"}"));
    }

    private static JsonNode ok(int status, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        return Json.tree(response.body());
    }
}
