package dev.outpost.relay.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.catalog.CatalogDocument;
import dev.outpost.api.catalog.CatalogJson;
import dev.outpost.api.client.RelayClient;
import dev.outpost.api.json.Json;
import dev.outpost.api.manifest.Manifest;
import dev.outpost.api.manifest.ManifestCatalog;
import dev.outpost.api.manifest.ManifestVerifier;
import dev.outpost.api.sign.SignedDocument;
import dev.outpost.api.sign.SigningKey;
import dev.outpost.relay.manifest.ManifestKeys;
import dev.outpost.relay.plan.Plan;
import dev.outpost.relay.staff.Role;
import dev.outpost.relay.stores.StoreDirectory;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catalogs on a real relay (SQLite): a publisher's snapshot gets the next version and is stored as a blob with deltas
 * from the earlier versions, which the contract's merge turns into the newer snapshot; a document the contract refuses
 * is 422 naming the field and stores nothing; a catalog plan puts a version in the targeted stores' signed manifests,
 * and the other stores' manifests stay as they were, without {@code catalogs}.
 */
@Tag("integration")
class CatalogPublishIT {
    static final String DOCUMENT = """
            {"effective_at": "2026-11-21T10:00:00Z", "currency": "USD",
             "tax_rates": [{"id": "food", "name": "Food", "basis_points": 825, "included": false}],
             "categories": [{"id": "drinks", "name": "Drinks"}],
             "skus": [{"sku": "COLA-330", "name": "Cola 330 ml", "category": "drinks", "tax_rate": "food",
                       "price_minor": %d, "barcodes": ["5000112637922", "5000112637939"]}%s],
             "store_prices": [{"site": "store-1", "sku": "COLA-330", "price_minor": 179}],
             "price_changes": [], "promotions": []}""";
    static final String FANTA = ", {\"sku\": \"FANTA\", \"name\": \"Fanta\", \"category\": \"drinks\", \"tax_rate\":"
            + " \"food\", \"price_minor\": 189, \"barcodes\": [\"%s\"]}";

    @TempDir
    Path dir;
    final Instant now = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
    final InstantSource clock = () -> now;
    final SigningKey root = SigningKey.generate(new SecureRandom());
    RelayHarness relay;
    StaffClient admin;
    StaffClient publisher;

    @BeforeEach
    void start() throws Exception {
        ManifestKeys.make(dir.resolve("manifest-keys"), root, 1, now, Duration.ofDays(365));
        relay = RelayHarness.start(dir, Map.of(), clock);
        admin = StaffClient.admin(relay);
        publisher = StaffClient.as(relay, "pat", Role.PUBLISHER);
        for (String site : List.of("store-1", "store-2")) {
            ok(200, admin.send("PUT", "/v1/stores/" + site, "{\"region\": \"NA\", \"country\": \"US\", \"zone\":"
                    + " \"America/New_York\", \"reason\": \"new store\"}"));
        }
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    @Test
    void aRefusedDocumentStoresNothingAndEachPublishIsTheNextVersionWithDeltasThatMergeIntoIt() throws Exception {
        HttpResponse<String> twoOwners = publisher.send("POST", "/v1/catalogs/main/versions", body(
                DOCUMENT.formatted(199, FANTA.formatted("5000112637922"))));
        assertEquals(422, twoOwners.statusCode(), twoOwners.body());
        JsonNode problems = Json.tree(twoOwners.body()).get("problems");
        assertEquals(".skus[1].barcodes[0]", problems.at("/0/path").textValue(), twoOwners.body());
        assertEquals("5000112637922 is also a barcode of COLA-330", problems.at("/0/message").textValue());
        assertTrue(Json.tree(twoOwners.body()).get("error").textValue().startsWith("catalog main: not published"));

        HttpResponse<String> assigned = publisher.send("POST", "/v1/catalogs/main/versions", body(
                DOCUMENT.formatted(199, "").replace("{\"effective_at\"", "{\"version\": 7, \"kind\": \"delta\","
                        + " \"effective_at\"")));
        assertEquals(422, assigned.statusCode(), assigned.body());
        assertEquals("[\".version\", \".kind\"]", Json.tree(assigned.body()).get("problems").findValues("path").toString());

        assertEquals(400, publisher.send("POST", "/v1/catalogs/Main Menu/versions".replace(" ", "%20"),
                body(DOCUMENT.formatted(199, ""))).statusCode());
        assertEquals("[]", ok(200, publisher.get("/v1/catalogs")).get("catalogs").toString(), "nothing stored");

        JsonNode v1 = publish(DOCUMENT.formatted(199, ""));
        assertEquals(1, v1.get("version").intValue(), "refusals used no version");
        assertEquals(List.of(), List.copyOf(v1.get("deltas").findValuesAsText("sha256")));
        publish(DOCUMENT.formatted(209, ""));
        JsonNode v3 = publish(DOCUMENT.formatted(209, FANTA.formatted("5449000000996")));
        assertEquals(3, v3.get("version").intValue());
        assertEquals("[2, 1]", v3.get("deltas").findValues("from_version").toString(), "newest first");

        JsonNode view = ok(200, publisher.get("/v1/catalogs/main/versions/3"));
        assertEquals(v3.get("sha256"), view.at("/version/sha256"));
        CatalogDocument snapshot3 = CatalogJson.read(blob(v3.get("blob_url").textValue()));
        assertEquals(CatalogJson.read(view.get("document")), snapshot3);
        assertEquals(List.of("COLA-330", "FANTA"), snapshot3.skus().stream().map(s -> s.sku()).toList());
        CatalogDocument snapshot1 = CatalogJson.read(blob(v1.get("blob_url").textValue()));
        for (JsonNode delta : v3.get("deltas")) {
            CatalogDocument read = CatalogJson.read(blob(delta.get("blob_url").textValue()));
            assertEquals(CatalogDocument.Kind.DELTA, read.kind());
            if (delta.get("from_version").intValue() == 1) {
                assertEquals(CatalogJson.tree(snapshot3), CatalogJson.tree(snapshot1.merge(read)));
                assertEquals(1, read.skus().stream().filter(s -> s.sku().equals("FANTA")).count());
            }
        }
        JsonNode list = ok(200, publisher.get("/v1/catalogs")).at("/catalogs/0");
        assertEquals("main", list.get("catalog").textValue());
        assertEquals(3, list.get("latest_version").intValue());
        assertEquals(3, ok(200, admin.get("/v1/audit?action=catalog.published")).get("records").size());
        assertEquals(404, publisher.get("/v1/catalogs/main/versions/4").statusCode());
    }

    @Test
    void aPlanPutsTheVersionInTheTargetedStoresSignedManifestsWithItsDeltas() throws Exception {
        publish(DOCUMENT.formatted(199, ""));
        String withoutCatalogs = manifestText("store-1");
        ok(201, publisher.send("POST", "/v1/catalogs/main/plans", "{\"version\": 1, \"targets\": {\"stores\":"
                + " [\"store-1\"]}, \"reason\": \"pilot\"}"));
        ManifestCatalog first = manifest("store-1").catalogs().getFirst();
        assertEquals("main", first.catalog());
        assertEquals(1, first.version());
        assertEquals(Instant.parse("2026-11-21T10:00:00Z"), first.effectiveAt());
        assertEquals(List.of(), first.deltas());
        assertEquals(List.of(), manifest("store-2").catalogs());
        assertFalse(manifestText("store-2").contains("catalogs"), "a store without catalogs gets the manifest it did");
        assertFalse(withoutCatalogs.contains("catalogs"));

        JsonNode v2 = publish(DOCUMENT.formatted(209, ""));
        ok(201, publisher.send("POST", "/v1/catalogs/main/plans", "{\"version\": 2, \"reason\": \"everywhere\"}"));
        for (String site : List.of("store-1", "store-2")) {
            ManifestCatalog second = manifest(site).catalogs().getFirst();
            assertEquals(2, second.version());
            assertEquals(v2.get("sha256").textValue(), second.sha256());
            assertEquals(List.of(1L), second.deltas().stream().map(ManifestCatalog.Delta::fromVersion).toList());
        }
        assertEquals(409, publisher.send("POST", "/v1/catalogs/main/plans", "{\"version\": 2, \"targets\": {\"stores\":"
                + " [\"store-9\"]}, \"reason\": \"nobody\"}").statusCode());
        assertEquals(404, publisher.send("POST", "/v1/catalogs/main/plans", "{\"version\": 3, \"reason\": \"x\"}")
                .statusCode());
        assertEquals(2, ok(200, publisher.get("/v1/catalogs")).at("/catalogs/0/plans").size());
    }

    @Test
    void aPlanForPartOfTheStoresTakesThoseBelowItsPercentAndRaisingItOnlyAddsStores() throws Exception {
        List<String> sites = new ArrayList<>(List.of("store-1", "store-2"));
        for (int i = 3; i <= 40; i++) {
            sites.add("store-" + i);
            ok(200, admin.send("PUT", "/v1/stores/store-" + i, "{\"region\": \"NA\", \"country\": \"US\", \"zone\":"
                    + " \"America/New_York\", \"reason\": \"new store\"}"));
        }
        publish(DOCUMENT.formatted(199, ""));
        ok(201, publisher.send("POST", "/v1/catalogs/main/plans", "{\"version\": 1, \"reason\": \"everywhere\"}"));
        publish(DOCUMENT.formatted(209, ""));
        JsonNode pilot = ok(201, publisher.send("POST", "/v1/catalogs/main/plans", "{\"version\": 2, \"percent\": 25,"
                + " \"reason\": \"pilot\"}"));
        assertEquals(25, pilot.get("percent").intValue());
        Map<String, Long> atPilot = versionsBySite(sites);
        for (String site : sites) {
            long expected = Plan.bucket(Catalogs.salt("main", 2), site) < 25 ? 2 : 1;
            assertEquals(expected, atPilot.get(site), site + " at 25 %");
        }
        assertTrue(atPilot.containsValue(2L) && atPilot.containsValue(1L), "a pilot in part of 40 stores: " + atPilot);

        ok(201, publisher.send("POST", "/v1/catalogs/main/plans", "{\"version\": 2, \"percent\": 60, \"reason\":"
                + " \"wider\"}"));
        Map<String, Long> wider = versionsBySite(sites);
        atPilot.forEach((site, version) -> {
            if (version == 2) {
                assertEquals(2L, wider.get(site), site + " keeps version 2 when the percent rises");
            }
        });
        assertTrue(wider.values().stream().filter(v -> v == 2).count() > atPilot.values().stream().filter(v -> v == 2)
                .count(), "60 % takes more stores than 25 %: " + wider);

        HttpResponse<String> bad = publisher.send("POST", "/v1/catalogs/main/plans", "{\"version\": 2, \"percent\": 0,"
                + " \"reason\": \"none\"}");
        assertEquals(400, bad.statusCode());
        assertEquals("catalog main: percent must be 1-100, was 0", Json.tree(bad.body()).get("error").textValue());
    }

    /** The catalog version each store's manifest names, as the manifest's own reader of the store takes it. */
    private Map<String, Long> versionsBySite(List<String> sites) {
        return relay.relay().store().inTransaction("catalogs by site", tx -> {
            Map<String, Long> out = new TreeMap<>();
            for (String site : sites) {
                out.put(site, Catalogs.forSite(tx, StoreDirectory.find(tx, site).orElseThrow()).getFirst().version());
            }
            return out;
        });
    }

    @Test
    void aFiftyThousandSkuCatalogIsPublishedWhileOtherRoutesKeepTheirFourMegabyteLimit() throws Exception {
        StringBuilder skus = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            skus.append(", {\"sku\": \"SKU-").append(i).append("\", \"name\": \"Item ").append(i)
                    .append(" of the big catalog\", \"category\": \"drinks\", \"tax_rate\": \"food\", \"price_minor\": ")
                    .append(100 + i % 900).append(", \"barcodes\": [\"").append(2_000_000_000_000L + i).append("\"]}");
        }
        String body = body(DOCUMENT.formatted(199, skus));
        assertTrue(body.length() > 4 * 1024 * 1024, "over the 4 MB of every other route: " + body.length());
        JsonNode v1 = publish(DOCUMENT.formatted(199, skus));
        assertEquals(50_001, CatalogJson.read(blob(v1.get("blob_url").textValue())).skus().size());

        // the relay refuses from the declared length; answering while the body still streams in used to reset the
        // connection before the client read its 413 (about 1 send in 20), hence the repeats
        for (int attempt = 1; attempt <= 40; attempt++) {
            HttpResponse<String> tooLarge = publisher.send("POST", "/v1/catalogs/main/plans", body);
            assertEquals(413, tooLarge.statusCode(), "attempt " + attempt + ": " + tooLarge.body());
            assertEquals("POST /v1/catalogs/main/plans: a body of " + body.length() + " bytes is over this route's"
                    + " limit of " + 4 * 1024 * 1024 + " bytes (only a catalog publish may be larger)",
                    Json.tree(tooLarge.body()).get("error").textValue());
        }
    }

    private JsonNode publish(String document) throws Exception {
        return ok(201, publisher.send("POST", "/v1/catalogs/main/versions", body(document)));
    }

    private static String body(String document) {
        return "{\"document\": " + document + ", \"reason\": \"new prices\"}";
    }

    private byte[] blob(String url) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(relay.uri(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    /** The site's manifest as a device takes it: over mutual TLS, verified against the root key. */
    private Manifest manifest(String site) {
        try (RelayClient client = relay.client(site)) {
            SignedDocument document = client.manifest(site, null).orElseThrow().document();
            return new ManifestVerifier(root.publicKey(), site, clock).verify(document, 0);
        }
    }

    private String manifestText(String site) {
        try (RelayClient client = relay.client(site)) {
            return Json.writeString(client.manifest(site, null).orElseThrow().document());
        }
    }

    private static JsonNode ok(int status, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        return Json.tree(response.body());
    }

}
