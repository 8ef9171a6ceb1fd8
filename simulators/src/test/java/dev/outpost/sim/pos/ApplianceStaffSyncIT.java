package dev.outpost.sim.pos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.config.ConfigFile;
import dev.outpost.api.json.Json;
import dev.outpost.api.password.PasswordHash;
import dev.outpost.appliance.Appliance;
import dev.outpost.appliance.ApplianceConfig;
import dev.outpost.appliance.pos.staff.StaffSync;
import dev.outpost.relay.staff.Role;
import dev.outpost.relay.testing.RelayHarness;
import dev.outpost.relay.testing.StaffClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store's cashiers managed at HQ, end to end: a real relay in this JVM (mutual TLS, SQLite) and the store's
 * appliance, whose staff sync runs on demand ({@link StaffSync#syncNow()}) rather than on its period. A hand-kept
 * staff file stands until HQ manages the store; then HQ's cashier logs in at {@code /v1/pos/login}, a new PIN works
 * and the old one stops, a hand edit is replaced, a deactivated cashier's session ends and their login fails, and with
 * the relay gone the last list still lets people log in.
 */
@Tag("integration")
class ApplianceStaffSyncIT {
    static final String SITE = "store-1";

    @TempDir
    Path dir;
    final InstantSource clock = InstantSource.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    final HttpClient http = HttpClient.newHttpClient();
    RelayHarness relay;
    Appliance appliance;
    StaffClient admin;
    Path staffFile;

    @BeforeEach
    void start() throws Exception {
        relay = RelayHarness.start(dir.resolve("relay"), Map.of("staff.password.bcrypt-cost", "10"), clock);
        admin = StaffClient.as(relay, "ada", Role.ADMIN);
        hq("PUT", "/v1/stores/" + SITE, "{\"region\": \"NA\", \"country\": \"US\", \"zone\": \"America/New_York\"");
        String token = relay.relay().pki().identity().issueToken(SITE, Duration.ofDays(1), "user:test",
                "integration test");
        Path accounts = Files.writeString(dir.resolve("devices.accounts"), "# no devices\n");
        staffFile = dir.resolve("staff.json");
        handKept("h-1", "8642");
        appliance = Appliance.create(ApplianceConfig.from(ConfigFile.empty("test")
                .with("site.id", SITE)
                .with("relay.url", relay.httpsUri("").toString())
                .with("relay.enrollment-token", token)
                .with("relay.timeout", "2s")
                .with("http.host", "127.0.0.1").with("http.port", "0")
                .with("broker.host", "127.0.0.1").with("broker.port", "0")
                .with("broker.accounts", accounts.toString())
                .with("data.dir", dir.resolve("appliance").toString())
                .with("pos.enabled", "true")
                .with("pos.staff-sync-period", "1h") // the test syncs when it wants
                .with("pos.staff-file", staffFile.toString())), clock);
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
    void hqsCashiersLogInAtTheStoreTheirPinChangesApplyAndDeactivationEndsTheirSession() throws Exception {
        StaffSync sync = appliance.staffSync().orElseThrow();
        assertEquals("unmanaged", sync.syncNow(), "HQ has no staff for the store yet");
        login("h-1", "8642", 201); // the hand-kept file stands

        hq("PUT", "/v1/pos-staff/c-1", "{\"name\": \"Ana Ruiz\", \"role\": \"CASHIER\", \"sites\": [\"" + SITE + "\"],"
                + " \"pin\": \"2580\"");
        assertEquals("written", sync.syncNow());
        login("c-1", "2580", 201);
        login("h-1", "8642", 401); // HQ manages the store's staff now
        assertEquals("unchanged", sync.syncNow(), "a 304 while HQ changed nothing");

        hq("POST", "/v1/pos-staff/c-1/pin", "{\"pin\": \"9024\"");
        assertEquals("written", sync.syncNow());
        login("c-1", "2580", 401);
        login("c-1", "9024", 201);
        assertEquals(List.of("c-1"), signedIn());

        handKept("h-1", "8642");
        assertEquals("written", sync.syncNow(), "a hand edit is replaced by HQ's list");
        login("h-1", "8642", 401);
        assertEquals(List.of("c-1"), signedIn(), "a cashier HQ did not change keeps their session");

        hq("PUT", "/v1/pos-staff/m-1", "{\"name\": \"Max Ortiz\", \"role\": \"MANAGER\", \"all_stores\": true,"
                + " \"pin\": \"7391\"");
        hq("POST", "/v1/pos-staff/c-1/deactivate", "{");
        assertEquals("written", sync.syncNow());
        assertEquals(List.of(), signedIn(), "c-1's session ended with the sync");
        login("c-1", "9024", 401);
        JsonNode terminals = status("/v1/pos/terminals");
        assertEquals(0, terminals.get("sessions").size(), terminals.toString());

        relay.close();
        relay = null;
        String offline = sync.syncNow();
        assertTrue(offline.startsWith("pos staff from HQ: not taken: relay ") && offline.endsWith(
                "; the staff file stays as it is"), offline);
        login("m-1", "7391", 201); // the WAN is down: the last list still logs people in
        assertEquals(List.of("m-1"), signedIn());
    }

    /** The staff file as a person keeps it, with one cashier. */
    private void handKept(String employee, String pin) throws Exception {
        Files.writeString(staffFile, "{\"employees\": [{\"employee_id\": \"" + employee + "\", \"name\": \"Hand Kept\","
                + " \"role\": \"CASHIER\", \"pin_hash\": \"" + PasswordHash.hash(pin.toCharArray(), 1_000) + "\"}]}");
    }

    /** An admin's change at HQ, with a reason; {@code body} is a JSON object left open for it. */
    private void hq(String method, String path, String body) throws Exception {
        String withReason = body + (body.equals("{") ? "" : ", ") + "\"reason\": \"integration test\"}";
        HttpResponse<String> response = admin.send(method, path, withReason);
        assertEquals(200, response.statusCode(), method + " " + path + ": " + response.body());
    }

    private JsonNode login(String employee, String pin, int status) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + appliance.httpPort() + "/v1/pos/login")).POST(HttpRequest.BodyPublishers.ofString("{\"terminal_id\":"
                + " \"till-1\", \"employee_id\": \"" + employee + "\", \"pin\": \"" + pin + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(status, response.statusCode(), employee + ": " + response.body());
        return Json.tree(response.body());
    }

    private List<String> signedIn() throws Exception {
        return status("/v1/pos/terminals").get("sessions").findValuesAsText("employee_id");
    }

    private JsonNode status(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + appliance.httpPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return Json.tree(response.body());
    }
}
