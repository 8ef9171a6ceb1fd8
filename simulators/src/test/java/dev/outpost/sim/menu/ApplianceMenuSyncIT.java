package dev.outpost.sim.menu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.api.config.ConfigFile;
import dev.outpost.api.json.Json;
import dev.outpost.api.password.PasswordHash;
import dev.outpost.api.sign.SigningKey;
import dev.outpost.appliance.Appliance;
import dev.outpost.appliance.ApplianceConfig;
import dev.outpost.appliance.menu.MenuView;
import dev.outpost.relay.Relay;
import dev.outpost.relay.RelayConfig;
import dev.outpost.relay.manifest.ManifestKeys;
import dev.outpost.relay.staff.Access;
import dev.outpost.relay.staff.Role;
import dev.outpost.relay.stores.StoreDirectory;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store's appliance syncing menus from a real relay in this JVM (mutual TLS, SQLite, signed manifests): it
 * fetches, verifies and serves the blobs of what is live, pre-fetches a later plan's blobs inside their window (and
 * reports the download, so the plan's progress counts the store), drops
 * a poisoned version's blobs at once, refuses tampered blobs and a replayed older manifest, and keeps serving through
 * a relay outage; an expired site takes a manager's override, which survives a restart, and the relay hears the tier's
 * alarms and the override's audit. Relay and appliance share one controllable clock, started two days back so the certificates each
 * issues on it are valid on the real clock TLS checks them with.
 */
@Tag("integration")
class ApplianceMenuSyncIT {
    static final String SITE = "store-1";
    static final Duration WAIT = Duration.ofSeconds(20);
    /** How soon a change at the relay reaches the appliance (heartbeats every 200 ms say pull now). */
    static final Duration PROMPTLY = Duration.ofSeconds(5);
    static final String PASSWORD = "correct horse battery staple";
    static final String MENU = """
            {"currency": "USD", "locales": ["en-US", "es-US"],
             "categories": {"sides": {"names": {"en-US": "Sides", "es-US": "Acompañamientos"}, "sort": 1}},
             "items": {
               "fries": {"names": {"en-US": "Fries", "es-US": "Papas fritas"},
                 "price": {"amount_minor": %d, "currency": "USD"}, "category": "sides", "calories": 320,
                 "allergens": {"contains": [], "may_contain": []}}}}""";

    /** The contract's mapper, but a view has nulls (nothing refused yet, say). */
    static final ObjectMapper VIEWS = Json.mapper().copy()
            .disable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES, DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    @TempDir
    Path dir;
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.now().minus(Duration.ofDays(2))
            .truncatedTo(ChronoUnit.SECONDS));
    final InstantSource clock = now::get;
    final SigningKey root = SigningKey.generate(new SecureRandom());
    final HttpClient http = HttpClient.newHttpClient();
    int httpsPort;
    Relay relay;
    Appliance appliance;
    String token;
    Staff publisher;
    Staff approver;

    @BeforeEach
    void start() throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            httpsPort = free.getLocalPort();
        }
        ManifestKeys.make(dir.resolve("relay").resolve("manifest-keys"), root, 1, now.get(), Duration.ofDays(365));
        startRelay();
        relay.staff().accounts().create("test", "fixture", "pat", PASSWORD.toCharArray(),
                EnumSet.of(Role.ADMIN, Role.PUBLISHER), Set.of());
        relay.staff().accounts().create("test", "fixture", "ann", PASSWORD.toCharArray(), EnumSet.of(Role.APPROVER),
                Set.of("US"));
        publisher = login("pat");
        approver = login("ann");
        publisher.ok(200, "PUT", "/v1/stores/" + SITE, Map.of("region", "NA", "country", "US", "zone", "America/New_York"));
        publisher.ok(201, "POST", "/v1/variants", Map.of("id", "main", "name", "Main menu"));
        publish(299);
        publisher.ok(201, "POST", "/v1/variants/main/rollback", Map.of("version", 1));
        token = relay.pki().identity().issueToken(SITE, Duration.ofDays(1), "user:test", "integration test");
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
    void fetchesAndServesWhatIsLivePrefetchesALaterPlanInsideItsWindowAndDropsAPoisonAtOnce() throws Exception {
        startAppliance();
        MenuView live = until("both locales of v1 held", v -> v.slots().size() == 2
                && v.slots().stream().allMatch(s -> s.current() != null && s.current().held()));
        assertEquals("FRESH", live.tier().name());
        List<String> v1 = live.slots().stream().map(s -> s.current().sha256()).toList();
        for (String sha : v1) {
            HttpResponse<byte[]> blob = lan("/blobs/sha256/" + sha);
            assertEquals(200, blob.statusCode());
            assertEquals(sha, sha256(blob.body()), "served bytes hash to their name");
            assertEquals("public, max-age=31536000, immutable", blob.headers().firstValue("Cache-Control").orElseThrow());
        }
        assertEquals(404, lan("/blobs/sha256/" + "0".repeat(64)).statusCode(), "not held: 404");
        assertEquals(400, lan("/blobs/sha256/nope").statusCode());

        // v2 planned three hours ahead: seen at once, fetched only inside the two-hour window
        publish(319);
        Instant at = now.get().plus(Duration.ofHours(3));
        JsonNode plan = publisher.ok(201, "POST", "/v1/plans", Map.of("variant", "main", "version", 2, "activate_at",
                at.toString()));
        approver.ok(200, "POST", "/v1/plans/" + plan.get("id").textValue() + "/signoff", Map.of("country", "US"));
        MenuView planned = until("v2 upcoming in both locales", v -> v.slots().stream()
                .allMatch(s -> s.upcoming().size() == 1 && s.upcoming().getFirst().activateAt().equals(at)));
        Instant latest = Instant.MIN;
        for (MenuView.Slot slot : planned.slots()) {
            MenuView.Entry next = slot.upcoming().getFirst();
            assertFalse(next.held(), "not before its window: " + next);
            assertTrue(!next.fetchAt().isBefore(at.minus(Duration.ofHours(2))) && next.fetchAt().isBefore(at.minus(Duration.ofHours(1))),
                    "a moment in the first half of the window: " + next.fetchAt());
            latest = next.fetchAt().isAfter(latest) ? next.fetchAt() : latest;
        }
        now.set(at.minus(Duration.ofHours(2)).minusSeconds(1));
        appliance.menus().orElseThrow().wake();
        assertTrue(view().slots().stream().noneMatch(s -> s.upcoming().getFirst().held()), "the window is not open yet");
        now.set(latest.plusSeconds(1));
        appliance.menus().orElseThrow().wake();
        MenuView prefetched = until("v2 pre-fetched", v -> v.slots().stream().allMatch(s -> s.upcoming().size() == 1
                && s.upcoming().getFirst().held()));
        assertTrue(now.get().isBefore(at), "before its activation");
        List<String> v2 = prefetched.slots().stream().map(s -> s.upcoming().getFirst().sha256()).toList();
        for (String sha : v2) {
            assertEquals(200, lan("/blobs/sha256/" + sha).statusCode());
        }

        // v1 poisoned, v2 the safe version: v1's blobs go at once, v2 is current
        publisher = login("pat"); // two hours on: the session ended

        // the download went upstream through the appliance's outbox: the plan counts the store as downloaded
        String progress = "/v1/plans/" + plan.get("id").textValue() + "/progress";
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (publisher.ok(200, "GET", progress, null).at("/total/counts/downloaded").intValue() != 1) {
            if (System.nanoTime() - deadline > 0) {
                fail("the store not counted as downloaded within " + WAIT.toSeconds() + " s: "
                        + publisher.ok(200, "GET", progress, null));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        assertEquals("[\"" + SITE + "\"]", publisher.ok(200, "GET", progress, null).at("/total/listed/downloaded")
                .toString());
        // and its heartbeats tell the relay its outbox's backlog: drained, nothing parked
        deadline = System.nanoTime() + WAIT.toNanos();
        while (!publisher.ok(200, "GET", "/v1/stores/overview", null).at("/stores/0/outbox").toString()
                .equals("{\"pending\":0,\"parked\":0,\"oldest_since\":null,\"oldest_age_seconds\":null}")) {
            if (System.nanoTime() - deadline > 0) {
                fail("no outbox backlog in the heartbeats within " + WAIT.toSeconds() + " s: "
                        + publisher.ok(200, "GET", "/v1/stores/overview", null));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        long poisonedAt = System.nanoTime();
        publisher.ok(201, "POST", "/v1/variants/main/versions/1/poison", Map.of("safe_version", 2));
        until("v1 dropped", v -> v.poisoned().equals(List.of("main/v1"))
                && v.blobs().stream().noneMatch(b -> v1.contains(b.sha256())));
        assertTrue(System.nanoTime() - poisonedAt < PROMPTLY.toNanos(), "dropped within " + PROMPTLY.toSeconds() + " s");
        for (String sha : v1) {
            assertEquals(404, lan("/blobs/sha256/" + sha).statusCode(), "a poisoned blob is never served");
        }
        MenuView after = view();
        assertEquals(Set.copyOf(v2), Set.copyOf(after.slots().stream().map(s -> s.current().sha256()).toList()));
        assertTrue(after.slots().stream().allMatch(s -> s.current().held()));
    }

    @Test
    void aTamperedBlobFromTheRelayOrOnDiskIsNeverStoredOrServed() throws Exception {
        String en = sha256(relayBlobOf("en-US"));
        byte[] genuine = relayBlobOf("en-US");
        setRelayBlob(en, "{\"items\": {}}".getBytes(StandardCharsets.UTF_8));
        startAppliance();
        MenuView refused = until("the tampered blob refused", v -> v.lastRefusal() != null
                && v.lastRefusal().subject().equals("blob " + en));
        assertEquals("SHA256_MISMATCH", refused.lastRefusal().reason());
        assertTrue(refused.lastRefusal().message().contains("nothing written"), refused.lastRefusal().message());
        until("the other locale held all the same", v -> v.blobs().size() == 1);
        assertFalse(Files.exists(blobFile(en)));
        assertEquals(404, lan("/blobs/sha256/" + en).statusCode());

        setRelayBlob(en, genuine);
        until("the genuine blob fetched on a retry", v -> v.blobs().stream().anyMatch(b -> b.sha256().equals(en)));
        assertEquals(en, sha256(lan("/blobs/sha256/" + en).body()));

        // changed on disk while running: not served, fetched again
        Files.writeString(blobFile(en), "{\"tampered\": true}");
        assertEquals(404, lan("/blobs/sha256/" + en).statusCode(), "a file that does not hash to its name is not served");
        until("fetched again and served", v -> served(en));
        assertEquals(en, sha256(Files.readAllBytes(blobFile(en))));

        // changed on disk while stopped: dropped at start, fetched again
        appliance.close();
        Files.writeString(blobFile(en), "{\"tampered\": true}");
        startAppliance();
        HttpResponse<byte[]> early = lan("/blobs/sha256/" + en);
        assertTrue(early.statusCode() == 404 || sha256(early.body()).equals(en), "never the tampered bytes");
        until("fetched again after the restart", v -> served(en));
    }

    @Test
    void aReplayedOlderManifestIsRefusedAfterARestartAndAnOutageLeavesTheBlobsServedUntilThePoisonOnReconnect()
            throws Exception {
        startAppliance();
        MenuView first = until("v1 held", v -> v.blobs().size() == 2);
        long old = first.sequence();
        String oldDocument = relay.store().inTransaction("read", tx -> tx.queryOne("SELECT document FROM manifest_site"
                + " WHERE site_id = ?", rs -> rs.getString(1), SITE)).orElseThrow();
        publish(319);
        publisher.ok(201, "POST", "/v1/variants/main/rollback", Map.of("version", 2));
        MenuView second = until("v2 current", v -> v.sequence() > old && v.blobs().size() == 4);
        appliance.close();
        String secondDocument = relay.store().inTransaction("read", tx -> tx.queryOne("SELECT document FROM"
                + " manifest_site WHERE site_id = ?", rs -> rs.getString(1), SITE)).orElseThrow();

        // the relay (or anyone in the middle) answers the older signed manifest again
        // (a new menu generation, so the relay reads its store again instead of serving what it cached)
        relay.store().inTransaction("replay", tx -> {
            StoreDirectory.menusChanged(tx);
            return tx.update("UPDATE manifest_site SET sequence = ?, document = ?, issued_at = ? WHERE site_id = ?", old,
                    oldDocument, now.get().toString(), SITE);
        });
        startAppliance();
        MenuView replayed = until("the replay refused", v -> v.lastRefusal() != null);
        assertEquals("REPLAY", replayed.lastRefusal().reason());
        assertTrue(replayed.lastRefusal().message().contains("sequence " + old + " is not above the last seen "
                + second.sequence()), replayed.lastRefusal().message());
        assertEquals(second.sequence(), replayed.sequence(), "the last good manifest stays");
        List<String> v2 = replayed.slots().stream().map(s -> s.current().sha256()).toList();
        assertEquals(Set.copyOf(v2), Set.copyOf(second.slots().stream().map(s -> s.current().sha256()).toList()));
        relay.store().inTransaction("undo the replay", tx -> {
            StoreDirectory.menusChanged(tx);
            return tx.update("UPDATE manifest_site SET sequence = ?, document = ? WHERE site_id = ?", second.sequence(),
                    secondDocument, SITE);
        });

        // the relay goes away for a day: blobs still served, the menu turns STALE
        relay.close();
        relay = null;
        until("the relay missed", v -> v.relayError() != null || v.lastPollAt() != null);
        now.set(now.get().plus(Duration.ofHours(25)));
        appliance.menus().orElseThrow().wake();
        MenuView offline = until("STALE after 24 h", v -> v.tier().name().equals("STALE"));
        assertEquals(4, offline.blobs().size());
        for (String sha : v2) {
            assertEquals(sha, sha256(lan("/blobs/sha256/" + sha).body()), "served with the relay gone");
        }

        // back, with v2 poisoned meanwhile (v1 the safe one): the poison first, then straight to v1
        startRelay();
        publisher = login("pat");
        publisher.ok(201, "POST", "/v1/variants/main/versions/2/poison", Map.of("safe_version", 1));
        MenuView back = until("v2 dropped and v1 current, FRESH again", v -> v.poisoned().equals(List.of("main/v2"))
                && v.tier().name().equals("FRESH") && v.blobs().stream().noneMatch(b -> v2.contains(b.sha256()))
                && v.slots().stream().allMatch(s -> s.current().versionId().equals("main/v1") && s.current().held()));
        assertEquals(2, back.blobs().size(), "v1's blobs only: " + back.blobs());
    }

    @Test
    void anExpiredSiteTakesAManagersOverrideThatSurvivesARestartAndTheRelayHearsTheAlarmsAndTheAudit() throws Exception {
        // minutes, not days: the clock may not run ahead of the real one the certificates are checked with
        Map<String, String> tiers = Map.of("menu.stale-after", "1m", "menu.expired-after", "2m");
        startAppliance(tiers);
        until("v1 held", v -> v.slots().stream().allMatch(s -> s.current() != null && s.current().held()));
        untilTier("FRESH"); // told within a tick of the manifest accepted

        relay.close();
        relay = null;
        now.set(now.get().plus(Duration.ofMinutes(3)));
        appliance.tiers().orElseThrow().check();
        assertEquals("EXPIRED", tier().path("tier").asText());

        HttpResponse<String> bad = override("POST", "{\"hours\": 96, \"reason\": \"relay down\", \"manager\": \"Ana\"}");
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(bad.body().contains("menu_override.hours: must be between 1 and 72 (whole hours), was 96"), bad.body());
        assertEquals("EXPIRED", tier().path("tier").asText(), "a refused override changes nothing");
        assertEquals(0, tier().path("overrides").size());
        HttpResponse<String> started = override("POST", "{\"hours\": 6, \"reason\": \"relay down since Monday\","
                + " \"manager\": \"Ana Ruiz\"}");
        assertEquals(201, started.statusCode(), started.body());
        long id = Json.tree(started.body()).path("id").asLong();
        assertEquals("EXPIRED_OVERRIDDEN", tier().path("tier").asText());

        appliance.close();
        startAppliance(tiers);
        JsonNode restarted = tier();
        assertEquals("EXPIRED_OVERRIDDEN", restarted.path("tier").asText(), "the override survives a restart");
        assertEquals(id, restarted.path("override").path("id").asLong());
        assertEquals("Ana Ruiz", restarted.path("override").path("manager").asText());

        startRelay();
        // a new site has no menu until its first manifest: EXPIRED, then FRESH
        assertEquals(List.of("menu.tier EXPIRED", "menu.tier FRESH", "menu.tier EXPIRED", "menu.override STARTED",
                "menu.tier EXPIRED_OVERRIDDEN"), untilRelayHears(5).subList(0, 5));
    }

    /** The site's menu.* events the relay holds, in order, once there are {@code count}. */
    private List<String> untilRelayHears(int count) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> heard = List.of();
        while (System.nanoTime() - deadline < 0) {
            heard = relay.store().inTransaction("read menu events", tx -> tx.query("SELECT type, payload FROM inbox_event"
                    + " WHERE site_id = ? AND type LIKE 'menu.%' ORDER BY sequence", rs -> {
                        JsonNode payload = Json.tree(rs.getString(2));
                        return rs.getString(1) + " " + payload.path(payload.has("tier") ? "tier" : "action").asText();
                    }, SITE));
            if (heard.size() >= count) {
                return heard;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        fail("the relay holds " + heard + ", not " + count + " menu events, within " + WAIT.toSeconds() + " s");
        return heard;
    }

    private void untilTier(String tier) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!tier().path("tier").asText().equals(tier)) {
            if (System.nanoTime() - deadline > 0) {
                fail("not " + tier + " within " + WAIT.toSeconds() + " s: " + tier());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private JsonNode tier() throws Exception {
        HttpResponse<byte[]> response = lan("/v1/menus/tier");
        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        return Json.tree(response.body());
    }

    private HttpResponse<String> override(String method, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appliance.httpPort()
                        + "/v1/menus/override")).header("Authorization", "Basic " + java.util.Base64.getEncoder()
                        .encodeToString("mgr-tablet:tablet-pw".getBytes(StandardCharsets.UTF_8)))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    // --- the relay, the appliance, HQ staff ---

    private void startRelay() {
        relay = Relay.create(RelayConfig.from(ConfigFile.empty("test").with("http.host", "127.0.0.1").with("http.port", "0")
                .with("https.port", Integer.toString(httpsPort)).with("data.dir", dir.resolve("relay").toString())
                .with("staff.password.bcrypt-cost", "10")), clock);
        relay.start();
    }

    private void startAppliance() throws IOException {
        startAppliance(Map.of());
    }

    private void startAppliance(Map<String, String> more) throws IOException {
        Path accounts = Files.writeString(dir.resolve("devices.accounts"), "# the manager's tablet\nmgr-tablet device "
                + PasswordHash.hash("tablet-pw".toCharArray(), 1_000) + "\n");
        ConfigFile config = ConfigFile.empty("test")
                .with("site.id", SITE)
                .with("relay.url", "https://127.0.0.1:" + httpsPort)
                .with("relay.enrollment-token", token)
                .with("relay.timeout", "2s")
                .with("heartbeat.period", "200ms")
                .with("http.host", "127.0.0.1").with("http.port", "0")
                .with("broker.host", "127.0.0.1").with("broker.port", "0")
                .with("broker.accounts", accounts.toString())
                .with("data.dir", dir.resolve("appliance").toString())
                .with("menu.root-key", root.publicKey().base64Url())
                .with("menu.prefetch-window", "2h");
        for (Map.Entry<String, String> key : more.entrySet()) {
            config = config.with(key.getKey(), key.getValue());
        }
        appliance = Appliance.create(ApplianceConfig.from(config), clock);
        appliance.start();
    }

    private void publish(int friesPrice) throws Exception {
        publisher.ok(200, "PUT", "/v1/variants/main/layers/global", Map.of("document", Json.tree(MENU.formatted(friesPrice))));
        publisher.ok(201, "POST", "/v1/variants/main/publish", Map.of());
    }

    private byte[] relayBlobOf(String locale) throws Exception {
        JsonNode version = publisher.ok(200, "GET", "/v1/variants/main/versions/1", null);
        for (JsonNode store : version.path("resolved")) {
            if (store.path("site_id").textValue().equals(SITE) && store.path("locale").textValue().equals(locale)) {
                String sha = store.path("sha256").textValue();
                return relay.store().inTransaction("blob", tx -> tx.queryOne("SELECT content FROM blob WHERE sha256 = ?",
                        rs -> rs.getBytes(1), sha)).orElseThrow();
            }
        }
        throw new AssertionError("no " + locale + " blob for " + SITE + " in " + version);
    }

    private void setRelayBlob(String sha, byte[] content) {
        relay.store().inTransaction("tamper", tx -> tx.update("UPDATE blob SET content = ? WHERE sha256 = ?", content, sha));
    }

    /** Whether the appliance serves {@code sha} with bytes that hash to it. */
    private boolean served(String sha) throws Exception {
        HttpResponse<byte[]> blob = lan("/blobs/sha256/" + sha);
        return blob.statusCode() == 200 && sha256(blob.body()).equals(sha);
    }

    private Path blobFile(String sha) {
        return dir.resolve("appliance").resolve("blobs").resolve(sha);
    }

    private MenuView view() throws Exception {
        HttpResponse<byte[]> response = lan("/v1/menus");
        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        return VIEWS.readValue(response.body(), MenuView.class);
    }

    private HttpResponse<byte[]> lan(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appliance.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private interface ViewTest {
        boolean test(MenuView view) throws Exception;
    }

    private MenuView until(String what, ViewTest condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        MenuView last = null;
        while (System.nanoTime() - deadline < 0) {
            last = view();
            if (condition.test(last)) {
                return last;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        fail(what + ": not within " + WAIT.toSeconds() + " s; last seen " + Json.writeString(last));
        return null;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private Staff login(String user) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(relayUri("/v1/auth/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        Json.writeString(Map.of("username", user, "password", PASSWORD)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        return new Staff(cookie, Json.tree(response.body()).path("csrf_token").textValue());
    }

    private URI relayUri(String path) {
        return URI.create("http://127.0.0.1:" + relay.port() + path);
    }

    /** A logged-in staff member: the session cookie, and the CSRF token and a reason on every change. */
    private final class Staff {
        final String cookie;
        final String csrf;

        Staff(String cookie, String csrf) {
            this.cookie = cookie;
            this.csrf = csrf;
        }

        JsonNode ok(int status, String method, String path, Map<String, Object> body) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(relayUri(path)).header("Cookie", cookie);
            if (body == null) {
                request.GET();
            } else {
                Map<String, Object> withReason = new java.util.LinkedHashMap<>(body);
                withReason.put("reason", "integration test");
                request.header(Access.CSRF_HEADER, csrf).header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(Json.writeString(withReason)));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(status, response.statusCode(), method + " " + path + ": " + response.body());
            return Json.tree(response.body());
        }
    }
}
