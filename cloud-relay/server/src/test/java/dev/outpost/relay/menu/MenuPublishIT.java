package dev.outpost.relay.menu;

import static dev.outpost.relay.testing.MenuLayers.FRANCE;
import static dev.outpost.relay.testing.MenuLayers.GLOBAL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.json.CanonicalJson;
import dev.outpost.api.json.Json;
import dev.outpost.relay.blob.Blobs;
import dev.outpost.relay.staff.Role;
import dev.outpost.relay.testing.RelayHarness;
import dev.outpost.relay.testing.StaffClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Menus on a real relay and store: layers saved by a publisher, simulated for one store, published for the whole
 * directory through the gates (schema and allergens refuse, a price outside its sibling baseline holds, a high-risk
 * change waits for a second person), and served as content-addressed blobs.
 */
@Tag("integration")
class MenuPublishIT {
    @TempDir
    Path dir;
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-21T06:00:00Z"));
    final InstantSource clock = () -> now.get();
    RelayHarness relay;
    StaffClient admin;
    StaffClient publisher;
    StaffClient approver;

    @BeforeEach
    void start() throws Exception {
        relay = RelayHarness.start(dir, Map.of(), clock);
        admin = StaffClient.admin(relay);
        publisher = StaffClient.as(relay, "pat", Role.PUBLISHER);
        StaffClient.createUser(relay, "ana", Set.of("FR", "DE"), Role.APPROVER, Role.PUBLISHER);
        approver = StaffClient.login(relay, "ana", StaffClient.PASSWORD);
        store("store-fr-1", "EU", "FR", "Europe/Paris");
        store("store-fr-2", "EU", "FR", "Europe/Paris");
        store("store-de-1", "EU", "DE", "Europe/Berlin");
        ok(201, publisher.send("POST", "/v1/variants", "{\"id\":\"main\",\"name\":\"Main menu\",\"reason\":\"new line\"}"));
        ok(200, publisher.send("PUT", "/v1/variants/main/layers/global", GLOBAL));
        ok(200, publisher.send("PUT", "/v1/variants/main/layers/country:FR", FRANCE));
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    @Test
    void simulateShowsOneStoresMergedMenuPerLocaleWithoutPublishing() throws Exception {
        JsonNode sim = ok(200, publisher.send("POST", "/v1/variants/main/simulate?store=store-fr-1", ""));
        JsonNode fr = sim.at("/menus/fr-FR");
        assertEquals("Grand Burger", fr.at("/items/big-burger/name").textValue());
        assertEquals(949, fr.at("/items/big-burger/price/amount_minor").intValue(), "the country layer's price wins");
        assertEquals("Big Burger", sim.at("/menus/en-GB/items/big-burger/name").textValue());
        JsonNode de = ok(200, publisher.send("POST", "/v1/variants/main/simulate?store=store-de-1", ""));
        assertEquals(899, de.at("/menus/en-GB/items/big-burger/price/amount_minor").intValue());
        assertTrue(de.at("/menus/fr-FR").isMissingNode(), "Germany has no French menu: " + de);
        assertEquals(0, ok(200, publisher.get("/v1/variants/main")).get("versions").size(), "simulate publishes nothing");

        HttpResponse<String> unknown = publisher.send("POST", "/v1/variants/main/simulate?store=store-xx", "");
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("store store-xx: not in the store directory"), unknown.body());
    }

    @Test
    void aPromoWindowAppliesOnlyWhileOpenAndPublishesAsItsOwnStretchOfTime() throws Exception {
        ok(200, publisher.send("PUT", "/v1/variants/main/layers/promo:lunch-deal", """
                {"document": {"items": {"fries": {"price": {"amount_minor": 99}}}},
                 "active_from": "2026-11-22T11:00:00Z", "active_until": "2026-11-22T14:00:00Z", "reason": "lunch deal"}"""));
        JsonNode during = ok(200, publisher.send("POST",
                "/v1/variants/main/simulate?store=store-de-1&at=2026-11-22T12:00:00Z", ""));
        assertEquals(99, during.at("/menus/en-GB/items/fries/price/amount_minor").intValue());
        assertEquals("promo:lunch-deal", during.at("/promos/0").textValue());
        JsonNode after = ok(200, publisher.send("POST",
                "/v1/variants/main/simulate?store=store-de-1&at=2026-11-22T14:00:00Z", ""));
        assertEquals(299, after.at("/menus/en-GB/items/fries/price/amount_minor").intValue(), "the window is half-open");

        JsonNode v1 = ok(201, publisher.send("POST", "/v1/variants/main/publish", "{\"reason\":\"launch\"}"));
        JsonNode full = ok(200, publisher.get("/v1/variants/main/versions/" + v1.get("number").intValue()));
        int deRows = 0;
        for (JsonNode r : full.get("resolved")) {
            if (r.get("site_id").textValue().equals("store-de-1")) {
                deRows++;
            }
        }
        assertEquals(3, deRows, "before, during and after the window, in one locale: " + full.get("resolved"));
    }

    @Test
    void anInvalidMenuIsRefusedWholeNamingEachFieldAndTheStoresItAffects() throws Exception {
        ok(200, publisher.send("PUT", "/v1/variants/main/layers/country:DE", """
                {"document": {"items": {"fries": {"price": {"currency": "USD"},
                   "allergens": {"contains": ["milk"], "may_contain": ["milk"]}}}}, "reason": "oops"}"""));
        HttpResponse<String> refused = publisher.send("POST", "/v1/variants/main/publish", "{\"reason\":\"launch\"}");
        assertEquals(422, refused.statusCode(), refused.body());
        JsonNode body = Json.tree(refused.body());
        assertTrue(body.get("error").textValue().contains("nothing was published"), refused.body());
        JsonNode currency = problem(body, "items.fries.price.currency");
        assertEquals("schema", currency.get("gate").textValue());
        assertEquals("[\"store-de-1\"]", currency.get("stores").toString());
        assertEquals("allergens", problem(body, "items.fries.allergens.may_contain").get("gate").textValue());
        assertEquals(0, ok(200, publisher.get("/v1/variants/main")).get("versions").size());
        JsonNode audit = ok(200, admin.get("/v1/audit?action=menu.publish.refused"));
        assertEquals(1, audit.get("records").size(), audit.toString());
    }

    @Test
    void aMalformedRemoveMarkerIsRefusedWhenSavedAndChangesNothing() throws Exception {
        HttpResponse<String> bad = publisher.send("PUT", "/v1/variants/main/layers/country:FR",
                "{\"document\": {\"items\": {\"fries\": {\"$remove\": false}}}, \"reason\": \"drop fries\"}");
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(bad.body().contains("items.fries"), bad.body());
        JsonNode layers = ok(200, publisher.get("/v1/variants/main")).get("layers");
        assertEquals(1, layers.get(1).get("revision").intValue(), "the saved layer is untouched: " + layers);

        HttpResponse<String> scope = publisher.send("PUT", "/v1/variants/main/layers/country:france", FRANCE);
        assertEquals(400, scope.statusCode());
        assertTrue(scope.body().contains("a country is an ISO 3166-1 alpha-2 code"), scope.body());
    }

    @Test
    void publishedBlobsAreContentAddressedAndCacheableForever() throws Exception {
        JsonNode v1 = ok(201, publisher.send("POST", "/v1/variants/main/publish", "{\"reason\":\"launch\"}"));
        assertEquals("PUBLISHED", v1.get("state").textValue());
        JsonNode full = ok(200, publisher.get("/v1/variants/main/versions/1"));
        assertEquals(5, full.get("resolved").size(), "two French stores in two locales, one German in one");
        String hex = null;
        for (JsonNode r : full.get("resolved")) {
            if (r.get("site_id").textValue().equals("store-fr-1") && r.get("locale").textValue().equals("fr-FR")) {
                hex = r.get("sha256").textValue();
            }
        }
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<byte[]> blob = http.send(HttpRequest.newBuilder(relay.uri("/blobs/sha256/" + hex)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, blob.statusCode());
        assertEquals(hex, Blobs.sha256(blob.body()));
        assertArrayEquals(CanonicalJson.canonicalize(blob.body()), blob.body(), "a blob is canonical JSON");
        assertEquals("Grand Burger", Json.tree(blob.body()).at("/items/big-burger/name").textValue());
        assertTrue(blob.headers().firstValue("Cache-Control").orElseThrow().contains("immutable"));
        HttpResponse<byte[]> again = http.send(HttpRequest.newBuilder(relay.uri("/blobs/sha256/" + hex))
                .header("If-None-Match", "\"" + hex + "\"").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(304, again.statusCode());
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(relay.uri("/blobs/sha256/" + "0".repeat(64)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, missing.statusCode());
        HttpResponse<String> badName = http.send(HttpRequest.newBuilder(URI.create(relay.uri("/blobs/sha256/") + "XYZ"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, badName.statusCode());
    }

    @Test
    void aPriceOutsideItsSiblingBaselineIsHeldUntilAnotherPersonApproves() throws Exception {
        ok(200, publisher.send("PUT", "/v1/variants/main/layers/country:DE",
                "{\"document\": {\"items\": {\"fries\": {\"price\": {\"amount_minor\": 2990}}}}, \"reason\": \"typo\"}"));
        JsonNode held = ok(202, publisher.send("POST", "/v1/variants/main/publish", "{\"reason\":\"launch\"}"));
        assertEquals("HELD", held.get("state").textValue());
        String why = held.at("/gates/price_bounds/held/0").textValue();
        assertTrue(why.startsWith("DE: ") && why.contains("fries"), why);

        JsonNode approved = ok(200, approver.send("POST", "/v1/variants/main/versions/1/approve",
                "{\"reason\":\"DE fries really are 29.90 at the airport\"}"));
        assertEquals("PUBLISHED", approved.get("state").textValue());
        assertFalse(ok(200, admin.get("/v1/audit?action=menu.approved")).get("records").isEmpty());
        HttpResponse<String> notApprover = publisher.send("POST", "/v1/variants/main/versions/1/approve",
                "{\"reason\":\"ok\"}");
        assertEquals(403, notApprover.statusCode(), "a publisher without approver cannot approve");
    }

    @Test
    void aHighRiskChangeWaitsForASecondPersonAndThePublisherCannotBeIt() throws Exception {
        ok(201, approver.send("POST", "/v1/variants/main/publish", "{\"reason\":\"launch\"}"));
        ok(200, approver.send("PUT", "/v1/variants/main/layers/global", GLOBAL.replace(
                "\"may_contain\": [\"sesame\"]", "\"may_contain\": []")));
        JsonNode waiting = ok(202, approver.send("POST", "/v1/variants/main/publish", "{\"reason\":\"no sesame now\"}"));
        assertEquals("AWAITING_SECOND", waiting.get("state").textValue());
        assertTrue(waiting.at("/gates/two_person/reasons/0").textValue().contains("sesame"), waiting.toString());

        HttpResponse<String> own = approver.send("POST", "/v1/variants/main/versions/2/approve", "{\"reason\":\"mine\"}");
        assertEquals(409, own.statusCode());
        assertTrue(own.body().contains("two-person rule"), own.body());
        StaffClient.createUser(relay, "cy", Set.of("IT"), Role.APPROVER);
        HttpResponse<String> elsewhere = StaffClient.login(relay, "cy", StaffClient.PASSWORD).send("POST",
                "/v1/variants/main/versions/2/approve", "{\"reason\":\"fine\"}");
        assertEquals(403, elsewhere.statusCode());
        assertTrue(elsewhere.body().contains("its held changes affect DE, FR, which user 'cy' does not approve for"),
                elsewhere.body());
        StaffClient.createUser(relay, "bo", Set.of("FR", "DE"), Role.APPROVER);
        StaffClient second = StaffClient.login(relay, "bo", StaffClient.PASSWORD);
        JsonNode rejected = ok(200, second.send("POST", "/v1/variants/main/versions/2/reject",
                "{\"reason\":\"the supplier still declares sesame traces\"}"));
        assertEquals("REJECTED", rejected.get("state").textValue());
        JsonNode variants = ok(200, second.get("/v1/variants")).get("variants");
        assertEquals(1, variants.get(0).get("published").intValue(), "v1 stays the published one");
    }

    @Test
    void approvalsListsTheHeldAndWaitingVersionsOfEveryVariantUntilTheyAreDecided() throws Exception {
        assertEquals(0, ok(200, publisher.get("/v1/approvals")).get("pending").size());
        ok(201, approver.send("POST", "/v1/variants/main/publish", "{\"reason\":\"launch\"}"));
        ok(200, publisher.send("PUT", "/v1/variants/main/layers/country:DE",
                "{\"document\": {\"items\": {\"fries\": {\"price\": {\"amount_minor\": 2990}}}}, \"reason\": \"typo\"}"));
        ok(202, publisher.send("POST", "/v1/variants/main/publish", "{\"reason\":\"DE prices\"}"));
        ok(201, publisher.send("POST", "/v1/variants", "{\"id\":\"kids\",\"name\":\"Kids\",\"reason\":\"new\"}"));
        ok(200, publisher.send("PUT", "/v1/variants/kids/layers/global", GLOBAL));
        ok(201, publisher.send("POST", "/v1/variants/kids/publish", "{\"reason\":\"launch\"}"));
        ok(200, publisher.send("PUT", "/v1/variants/kids/layers/global", GLOBAL.replace(
                "\"may_contain\": [\"sesame\"]", "\"may_contain\": []")));
        now.set(now.get().plusSeconds(60));
        ok(202, publisher.send("POST", "/v1/variants/kids/publish", "{\"reason\":\"no sesame now\"}"));

        StaffClient viewer = StaffClient.as(relay, "vi", Role.VIEWER);
        JsonNode pending = ok(200, viewer.get("/v1/approvals")).get("pending");
        assertEquals(2, pending.size(), pending.toString());
        assertEquals("main", pending.get(0).get("variant_id").textValue(), "oldest first: " + pending);
        assertEquals(2, pending.get(0).get("number").intValue());
        assertEquals("HELD", pending.get(0).get("state").textValue());
        assertTrue(pending.get(0).at("/gates/price_bounds/held/0").textValue().startsWith("DE: "), pending.toString());
        assertEquals("kids", pending.get(1).get("variant_id").textValue());
        assertEquals("AWAITING_SECOND", pending.get(1).get("state").textValue());
        assertEquals("user:pat", pending.get(1).get("published_by").textValue());

        ok(200, approver.send("POST", "/v1/variants/main/versions/2/reject", "{\"reason\":\"a typo\"}"));
        pending = ok(200, viewer.get("/v1/approvals")).get("pending");
        assertEquals(1, pending.size(), "a decided version leaves the list: " + pending);
        assertEquals("kids", pending.get(0).get("variant_id").textValue());
        assertEquals(401, relay.send("GET", "/v1/approvals", "").statusCode(), "staff only");
    }

    @Test
    void aStoreProfileIsCheckedWhereItIsSetAndAudited() throws Exception {
        HttpResponse<String> zone = admin.send("PUT", "/v1/stores/store-fr-3",
                "{\"region\":\"EU\",\"country\":\"FR\",\"zone\":\"Paris\",\"reason\":\"new\"}");
        assertEquals(400, zone.statusCode());
        assertTrue(zone.body().contains("store.zone: must be an IANA time zone such as Europe/Paris, was 'Paris'"),
                zone.body());
        HttpResponse<String> country = admin.send("PUT", "/v1/stores/store-fr-3",
                "{\"region\":\"EU\",\"country\":\"fr\",\"zone\":\"Europe/Paris\",\"reason\":\"new\"}");
        assertEquals(400, country.statusCode());
        assertEquals(3, ok(200, admin.get("/v1/stores")).get("stores").size(), "nothing was added");
        HttpResponse<String> notAdmin = publisher.send("PUT", "/v1/stores/store-fr-3",
                "{\"region\":\"EU\",\"country\":\"FR\",\"zone\":\"Europe/Paris\",\"reason\":\"new\"}");
        assertEquals(403, notAdmin.statusCode());
        ok(200, admin.send("PUT", "/v1/stores/store-fr-1", "{\"region\":\"EU\",\"country\":\"FR\",\"zone\":"
                + "\"Europe/Paris\",\"tags\":[\"drive-thru\",\"airport\"],\"reason\":\"tagged\"}"));
        assertEquals("[\"airport\",\"drive-thru\"]", ok(200, admin.get("/v1/stores/store-fr-1")).get("tags").toString());
        assertEquals(1, ok(200, admin.get("/v1/audit?action=store.changed")).get("records").size());
    }

    private void store(String site, String region, String country, String zone) throws Exception {
        ok(200, admin.send("PUT", "/v1/stores/" + site, "{\"region\":\"" + region + "\",\"country\":\"" + country
                + "\",\"zone\":\"" + zone + "\",\"reason\":\"new store\"}"));
    }

    private static JsonNode problem(JsonNode body, String path) {
        for (JsonNode p : body.get("problems")) {
            if (p.get("path").textValue().equals(path)) {
                return p;
            }
        }
        throw new AssertionError("no problem at " + path + " in " + body);
    }

    private static JsonNode ok(int status, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        return Json.tree(response.body());
    }
}
