package dev.outpost.sim.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.config.ConfigFile;
import dev.outpost.api.json.Json;
import dev.outpost.api.sign.SigningKey;
import dev.outpost.appliance.Appliance;
import dev.outpost.appliance.ApplianceConfig;
import dev.outpost.relay.manifest.ManifestKeys;
import dev.outpost.relay.staff.Role;
import dev.outpost.relay.testing.RelayHarness;
import dev.outpost.relay.testing.StaffClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store's appliance taking POS catalogs from a real relay in this JVM (mutual TLS, SQLite, signed manifests): a
 * catalog version published and planned reaches the appliance's POS engine as the full snapshot while the site holds
 * nothing, as the delta from the held version next, and as the snapshot again when the delta the relay serves does
 * not hash to what the manifest says (refused, nothing of it handed over). What the engine sells at is read from its
 * catalog store.
 */
@Tag("integration")
class ApplianceCatalogSyncIT {
    static final String SITE = "store-1";
    static final Duration WAIT = Duration.ofSeconds(15);
    static final String DOCUMENT = """
            {"effective_at": "2026-01-01T00:00:00Z", "currency": "USD",
             "tax_rates": [{"id": "food", "name": "Food", "basis_points": 825, "included": false}],
             "categories": [{"id": "drinks", "name": "Drinks"}],
             "skus": [{"sku": "COLA-330", "name": "Cola 330 ml", "category": "drinks", "tax_rate": "food",
                       "price_minor": %d, "barcodes": ["5000112637922"]}],
             "store_prices": [], "price_changes": [], "promotions": []}""";

    @TempDir
    Path dir;
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.now().minus(Duration.ofDays(2))
            .truncatedTo(ChronoUnit.SECONDS));
    final InstantSource clock = now::get;
    final SigningKey root = SigningKey.generate(new SecureRandom());
    final HttpClient http = HttpClient.newHttpClient();
    RelayHarness relay;
    Appliance appliance;
    StaffClient publisher;

    @BeforeEach
    void start() throws Exception {
        ManifestKeys.make(dir.resolve("relay").resolve("manifest-keys"), root, 1, now.get(), Duration.ofDays(365));
        relay = RelayHarness.start(dir.resolve("relay"), Map.of("staff.password.bcrypt-cost", "10"), clock);
        publisher = StaffClient.as(relay, "pat", Role.ADMIN, Role.PUBLISHER);
        ok(200, "PUT", "/v1/stores/" + SITE, Map.of("region", "NA", "country", "US", "zone", "America/New_York"));
        String token = relay.relay().pki().identity().issueToken(SITE, Duration.ofDays(1), "user:test",
                "integration test");
        Path accounts = Files.writeString(dir.resolve("devices.accounts"), "# no devices\n");
        appliance = Appliance.create(ApplianceConfig.from(ConfigFile.empty("test")
                .with("site.id", SITE)
                .with("relay.url", relay.httpsUri("").toString())
                .with("relay.enrollment-token", token)
                .with("relay.timeout", "2s")
                .with("heartbeat.period", "200ms")
                .with("http.host", "127.0.0.1").with("http.port", "0")
                .with("broker.host", "127.0.0.1").with("broker.port", "0")
                .with("broker.accounts", accounts.toString())
                .with("data.dir", dir.resolve("appliance").toString())
                .with("menu.root-key", root.publicKey().base64Url())
                .with("pos.enabled", "true")
                .with("pos.staff-file", dir.resolve("staff.json").toString())), clock);
        appliance.start();
    }

    @AfterEach
    void stop() {
        if (appliance != null) {
            appliance.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    @Test
    void aPlannedVersionArrivesAsTheSnapshotThenAsADeltaAndAsTheSnapshotWhenTheDeltaIsTampered() throws Exception {
        publishAndPlan(199);
        until("v1 applied", () -> applied(1));
        assertEquals(199, price());
        assertEquals("snapshot", status().at("/catalogs/0/handed_via").asText());
        until("the status says v1 is held", () -> status().at("/catalogs/0/state").asText().equals("HELD"));

        publishAndPlan(209);
        until("v2 applied", () -> applied(2));
        assertEquals("delta from v1", status().at("/catalogs/0/handed_via").asText(), "the site held v1: the delta");
        assertEquals(209, price());

        JsonNode v3 = ok(201, "POST", "/v1/catalogs/main/versions", Map.of("document",
                Json.tree(DOCUMENT.formatted(219))));
        String deltaSha = v3.at("/deltas/0/sha256").textValue();
        assertEquals(2, v3.at("/deltas/0/from_version").intValue());
        relay.relay().store().inTransaction("tamper", tx -> tx.update("UPDATE blob SET content = ? WHERE sha256 = ?",
                "{\"tampered\": true}".getBytes(), deltaSha));
        ok(201, "POST", "/v1/catalogs/main/plans", Map.of("version", 3));
        until("v3 applied", () -> applied(3));
        assertEquals("snapshot", status().at("/catalogs/0/handed_via").asText(),
                "the tampered delta refused, the snapshot taken instead");
        assertEquals(219, price());
        JsonNode status = status().at("/catalogs/0");
        assertEquals(3, status.get("offered_version").intValue());
        assertEquals("snapshot", status.get("handed_via").textValue());
        assertTrue(status.get("last_error") == null || status.get("last_error").isNull(), "cleared once handed: " + status);
    }

    /** The engine holds {@code version} and the sync's status says it handed it over (that comes just after). */
    private boolean applied(long version) {
        return appliance.pos().orElseThrow().catalogs().heldVersion("main").orElse(0) == version
                && status().at("/catalogs/0/handed_version").asLong() == version;
    }

    private long price() {
        return appliance.pos().orElseThrow().catalogs().lookup("main", "5000112637922", now.get()).orElseThrow()
                .unitPriceMinor();
    }

    private void publishAndPlan(int price) throws Exception {
        JsonNode version = ok(201, "POST", "/v1/catalogs/main/versions", Map.of("document",
                Json.tree(DOCUMENT.formatted(price))));
        ok(201, "POST", "/v1/catalogs/main/plans", Map.of("version", version.get("version").intValue()));
    }

    private JsonNode status() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + appliance.httpPort() + "/v1/catalog-sync")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            return Json.tree(response.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail(what + ": not within " + WAIT.toSeconds() + " s; status " + status());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** A publisher's change to the relay, with a reason; asserts the status. */
    private JsonNode ok(int status, String method, String path, Map<String, Object> body) throws Exception {
        Map<String, Object> withReason = new LinkedHashMap<>(body);
        withReason.put("reason", "integration test");
        HttpResponse<String> response = publisher.send(method, path, Json.writeString(withReason));
        assertEquals(status, response.statusCode(), method + " " + path + ": " + response.body());
        return Json.tree(response.body());
    }
}
