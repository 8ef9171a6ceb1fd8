package dev.outpost.relay.manifest;

import static dev.outpost.relay.testing.MenuLayers.FRANCE;
import static dev.outpost.relay.testing.MenuLayers.GLOBAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.client.FetchedManifest;
import dev.outpost.api.client.RelayClient;
import dev.outpost.api.client.RelayException;
import dev.outpost.api.heartbeat.Heartbeat;
import dev.outpost.api.heartbeat.HeartbeatReply;
import dev.outpost.api.json.Json;
import dev.outpost.api.manifest.Manifest;
import dev.outpost.api.manifest.ManifestEntry;
import dev.outpost.api.manifest.ManifestVerifier;
import dev.outpost.api.sign.SigningKey;
import dev.outpost.relay.staff.Role;
import dev.outpost.relay.testing.RelayHarness;
import dev.outpost.relay.testing.StaffClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plans to manifests on a real relay: a plan goes live only once every targeted country's regulator signed it off,
 * at a store-local time in each store's zone; each site fetches, over mutual TLS with the appliance's client, a
 * manifest signed under a root-signed keyring that the devices' verifier accepts, whose sequence grows only when it
 * changes; rollback, abort and poison show in the next manifest.
 */
@Tag("integration")
class PlanManifestIT {
    @TempDir
    Path dir;
    // TLS checks certificates on the real clock, the relay issues them on its own: start a little in the past
    static final LocalDate DAY = LocalDate.now(ZoneOffset.UTC).minusDays(2);
    static final LocalDateTime BREAKFAST = DAY.plusDays(1).atTime(6, 0);
    final AtomicReference<Instant> now = new AtomicReference<>(DAY.atTime(12, 0).toInstant(ZoneOffset.UTC));
    final InstantSource clock = () -> now.get();
    final SigningKey root = SigningKey.generate(new SecureRandom());
    RelayHarness relay;
    StaffClient admin;
    StaffClient publisher;
    StaffClient regulatorFr;
    StaffClient regulatorDe;

    @BeforeEach
    void start() throws Exception {
        ManifestKeys.make(dir.resolve("manifest-keys"), root, 1, now.get(), Duration.ofDays(365));
        relay = RelayHarness.start(dir, Map.of(), clock);
        admin = StaffClient.admin(relay);
        publisher = StaffClient.as(relay, "pat", Role.PUBLISHER);
        StaffClient.createUser(relay, "fred", Set.of("FR"), Role.APPROVER);
        regulatorFr = StaffClient.login(relay, "fred", StaffClient.PASSWORD);
        StaffClient.createUser(relay, "dora", Set.of("DE", "PT"), Role.APPROVER, Role.PUBLISHER);
        regulatorDe = StaffClient.login(relay, "dora", StaffClient.PASSWORD);
        store("store-fr-1", "FR", "Europe/Paris");
        store("store-de-1", "DE", "Europe/Berlin");
        store("store-pt-1", "PT", "Europe/Lisbon");
        ok(201, publisher.send("POST", "/v1/variants", "{\"id\":\"main\",\"name\":\"Main menu\",\"reason\":\"new line\"}"));
        ok(200, publisher.send("PUT", "/v1/variants/main/layers/global", GLOBAL));
        ok(200, publisher.send("PUT", "/v1/variants/main/layers/country:FR", FRANCE));
        ok(201, publisher.send("POST", "/v1/variants/main/publish", "{\"reason\":\"v1\"}"));
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    @Test
    void aPlanGoesLiveAfterEverySignOffAtEachStoresLocalTime() throws Exception {
        JsonNode plan = ok(201, publisher.send("POST", "/v1/plans", "{\"variant\":\"main\",\"version\":1,"
                + "\"activate_local\":\"" + BREAKFAST + "\",\"reason\":\"breakfast launch\"}"));
        String id = plan.get("id").textValue();
        assertEquals("AWAITING_SIGNOFF", plan.get("state").textValue());
        assertEquals("[\"DE\",\"FR\",\"PT\"]", plan.get("countries").toString());
        assertTrue(manifest("store-fr-1").upcoming().isEmpty(), "nothing is planned before the sign-offs");

        ok(200, regulatorFr.send("POST", "/v1/plans/" + id + "/signoff", "{\"country\":\"FR\",\"reason\":\"ok\"}"));
        HttpResponse<String> wrongCountry = regulatorFr.send("POST", "/v1/plans/" + id + "/signoff",
                "{\"country\":\"DE\",\"reason\":\"ok\"}");
        assertEquals(403, wrongCountry.statusCode());
        assertTrue(wrongCountry.body().contains("needs an approver for DE"), wrongCountry.body());
        ok(200, regulatorDe.send("POST", "/v1/plans/" + id + "/signoff", "{\"country\":\"DE\",\"reason\":\"ok\"}"));
        JsonNode live = ok(200, regulatorDe.send("POST", "/v1/plans/" + id + "/signoff",
                "{\"country\":\"PT\",\"reason\":\"ok\"}"));
        assertEquals("ACTIVE", live.get("state").textValue());

        Instant paris = BREAKFAST.atZone(ZoneId.of("Europe/Paris")).toInstant();
        Instant lisbon = BREAKFAST.atZone(ZoneId.of("Europe/Lisbon")).toInstant();
        assertEquals(Duration.ofHours(1), Duration.between(paris, lisbon), "the two zones are an hour apart");
        Manifest fr = manifest("store-fr-1");
        assertEquals(List.of(), fr.current());
        assertEquals(Set.of("main/en-GB@" + paris, "main/fr-FR@" + paris), slots(fr.upcoming()), "06:00 in Paris");
        assertEquals(Set.of("main/en-GB@" + lisbon), slots(manifest("store-pt-1").upcoming()), "06:00 in Lisbon");

        now.set(paris.plus(Duration.ofMinutes(30)));
        Manifest after = manifest("store-fr-1");
        assertEquals(Set.of("main/en-GB@" + paris, "main/fr-FR@" + paris), slots(after.current()));
        assertEquals("main/v1", after.current().get(0).versionId());
        HttpResponse<byte[]> blob = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                relay.uri(after.current().get(1).blobUrl().toString())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("Grand Burger", Json.tree(blob.body()).at("/items/big-burger/name").textValue());
        assertTrue(manifest("store-pt-1").current().isEmpty(), "05:30 in Lisbon");
        now.set(lisbon);
        assertEquals(Set.of("main/en-GB@" + lisbon), slots(manifest("store-pt-1").current()));
    }

    @Test
    void theSequenceGrowsOnlyWhenTheManifestChangesAndAnUnchangedOneIsNotModified() throws Exception {
        try (RelayClient site = relay.client("store-de-1")) {
            assertTrue(heartbeat(site, "store-de-1").pullNow(), "in the directory and never fetched (it may have been"
                    + " told 404 before it was added): pull now");
            FetchedManifest first = site.manifest("store-de-1", null).orElseThrow();
            long sequence = first.document().payloadAs(Manifest.class).sequence();
            assertEquals(java.util.Optional.empty(), site.manifest("store-de-1", first.etag().orElseThrow()),
                    "nothing changed: 304");
            assertFalse(heartbeat(site, "store-de-1").pullNow());
            rollbackEverywhere();
            assertTrue(heartbeat(site, "store-de-1").pullNow(), "a change says pull now");
            FetchedManifest second = site.manifest("store-de-1", first.etag().orElseThrow()).orElseThrow();
            assertEquals(sequence + 1, second.document().payloadAs(Manifest.class).sequence());
            assertFalse(heartbeat(site, "store-de-1").pullNow(), "fetched: no more pull now");
            now.set(now.get().plus(Duration.ofHours(2)));
            FetchedManifest reissued = site.manifest("store-de-1", second.etag().orElseThrow()).orElseThrow();
            assertEquals(sequence + 2, reissued.document().payloadAs(Manifest.class).sequence(),
                    "older than manifest.reissue-after: signed again, so its expiry moves on");
        }
    }

    @Test
    void rollbackAbortAndPoisonShowInTheNextManifest() throws Exception {
        ok(200, publisher.send("PUT", "/v1/variants/main/layers/country:DE",
                "{\"document\": {\"items\": {\"fries\": {\"price\": {\"amount_minor\": 319}}}}, \"reason\": \"DE price\"}"));
        ok(201, publisher.send("POST", "/v1/variants/main/publish", "{\"reason\":\"v2\"}"));
        ok(201, publisher.send("POST", "/v1/variants/main/rollback", "{\"version\":1,\"reason\":\"v1 everywhere\"}"));
        JsonNode v2 = ok(201, publisher.send("POST", "/v1/variants/main/rollback",
                "{\"version\":2,\"reason\":\"v2 now (a rollback plan is live at once)\"}"));
        assertEquals("ROLLBACK", v2.get("kind").textValue());
        assertEquals("main/v2", manifest("store-de-1").current().get(0).versionId());

        JsonNode back = ok(201, publisher.send("POST", "/v1/variants/main/rollback",
                "{\"version\":1,\"targets\":{\"countries\":[\"DE\"]},\"reason\":\"DE fries complaint\"}"));
        assertEquals("main/v1", manifest("store-de-1").current().get(0).versionId());
        assertEquals("main/v2", manifest("store-fr-1").current().get(0).versionId(), "only DE rolls back");

        ok(200, publisher.send("POST", "/v1/plans/" + back.get("id").textValue() + "/abort", "{\"reason\":\"fixed\"}"));
        assertEquals("main/v2", manifest("store-de-1").current().get(0).versionId(), "aborted: back to v2");

        ok(201, publisher.send("POST", "/v1/variants/main/versions/2/poison",
                "{\"safe_version\":1,\"reason\":\"recall: wrong allergen data\"}"));
        Manifest poisoned = manifest("store-de-1");
        assertEquals(List.of("main/v2"), poisoned.poisoned());
        assertEquals("main/v1", poisoned.current().get(0).versionId(), "the safe version stands in");
        HttpResponse<String> again = publisher.send("POST", "/v1/variants/main/versions/1/poison",
                "{\"safe_version\":2,\"reason\":\"no\"}");
        assertEquals(409, again.statusCode(), "a poisoned version cannot be a safe one");
    }

    @Test
    void aPromoWindowOpensAndClosesAsUpcomingEntriesOfTheVersionInForce() throws Exception {
        Instant opens = DAY.plusDays(1).atTime(11, 0).toInstant(ZoneOffset.UTC);
        Instant closes = opens.plus(Duration.ofHours(3));
        ok(200, publisher.send("PUT", "/v1/variants/main/layers/promo:lunch", "{\"document\": {\"items\": {\"fries\":"
                + " {\"price\": {\"amount_minor\": 99}}}}, \"active_from\": \"" + opens + "\", \"active_until\": \""
                + closes + "\", \"reason\": \"lunch deal\"}"));
        ok(201, publisher.send("POST", "/v1/variants/main/publish", "{\"reason\":\"v2 with the lunch deal\"}"));
        ok(201, publisher.send("POST", "/v1/variants/main/rollback", "{\"version\":2,\"reason\":\"now\"}"));
        Manifest de = manifest("store-de-1");
        String base = de.current().get(0).sha256();
        assertEquals(List.of("main/en-GB@" + opens, "main/en-GB@" + closes),
                de.upcoming().stream().map(e -> e.slot() + "@" + e.activateAt()).toList());
        assertTrue(!de.upcoming().get(0).sha256().equals(base), "the promo's menu");
        assertEquals(base, de.upcoming().get(1).sha256(), "back to the base menu when the window closes");
        now.set(opens.plusSeconds(1));
        assertEquals(de.upcoming().get(0).sha256(), manifest("store-de-1").current().get(0).sha256());
    }

    @Test
    void aSiteOutsideTheDirectoryOrARelayWithoutKeysIsToldWhy() throws Exception {
        try (RelayClient stranger = relay.client("store-xx-9")) {
            RelayException e = assertThrows(RelayException.class, () -> stranger.manifest("store-xx-9", null));
            assertEquals(404, e.status().orElseThrow());
            assertTrue(e.getMessage().contains("not in the store directory"), e.getMessage());
        }
        try (RelayHarness keyless = RelayHarness.start(dir.resolve("other"), Map.of(), clock)) {
            StaffClient.admin(keyless).send("PUT", "/v1/stores/store-fr-1",
                    "{\"region\":\"EU\",\"country\":\"FR\",\"zone\":\"Europe/Paris\",\"reason\":\"new\"}");
            try (RelayClient site = keyless.client("store-fr-1")) {
                RelayException e = assertThrows(RelayException.class, () -> site.manifest("store-fr-1", null));
                assertEquals(503, e.status().orElseThrow());
                assertTrue(e.getMessage().contains("make-signing-keys"), e.getMessage());
            }
        }
    }

    private void rollbackEverywhere() throws Exception {
        ok(201, publisher.send("POST", "/v1/variants/main/rollback", "{\"version\":1,\"reason\":\"v1 now\"}"));
    }

    /** The site's manifest as a device takes it: fetched over mutual TLS and verified against the root key. */
    private Manifest manifest(String site) {
        try (RelayClient client = relay.client(site)) {
            FetchedManifest fetched = client.manifest(site, null).orElseThrow();
            return new ManifestVerifier(root.publicKey(), site, clock).verify(fetched.document(), 0);
        }
    }

    private HeartbeatReply heartbeat(RelayClient client, String site) {
        return client.heartbeat(site, new Heartbeat(site, now.get(), "test", List.of(), List.of(), 0));
    }

    private static Set<String> slots(List<ManifestEntry> entries) {
        return entries.stream().map(e -> e.slot() + "@" + e.activateAt()).collect(Collectors.toSet());
    }

    private void store(String site, String country, String zone) throws Exception {
        ok(200, admin.send("PUT", "/v1/stores/" + site, "{\"region\":\"EU\",\"country\":\"" + country
                + "\",\"zone\":\"" + zone + "\",\"reason\":\"new store\"}"));
    }

    private static JsonNode ok(int status, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        return Json.tree(response.body());
    }
}
