package dev.outpost.relay.posstaff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.client.FetchedStaff;
import dev.outpost.api.client.RelayClient;
import dev.outpost.api.client.RelayException;
import dev.outpost.api.json.Json;
import dev.outpost.api.password.PasswordHash;
import dev.outpost.api.posstaff.SiteStaff;
import dev.outpost.relay.staff.Role;
import dev.outpost.relay.testing.RelayHarness;
import dev.outpost.relay.testing.StaffClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * POS employees on a real relay (SQLite, and PostgreSQL in failsafe's second run): an admin adds, changes, re-PINs and
 * deactivates them with reasons; refusals name the field and store nothing; staff never see a hash, nor does the
 * audit; each site, over mutual TLS, gets only its own active employees with their hashes, and a 304 while nothing
 * changed for it.
 */
@Tag("integration")
class PosStaffIT {
    @TempDir
    Path dir;
    RelayHarness relay;
    StaffClient admin;
    RelayClient store1;
    RelayClient store2;

    @BeforeEach
    void start() throws Exception {
        relay = RelayHarness.start(dir, Map.of("staff.password.bcrypt-cost", "10"), InstantSource.system());
        admin = StaffClient.admin(relay);
        for (String site : List.of("store-1", "store-2")) {
            ok(admin.send("PUT", "/v1/stores/" + site, "{\"region\": \"NA\", \"country\": \"US\", \"zone\":"
                    + " \"America/New_York\", \"reason\": \"new store\"}"));
        }
        store1 = relay.client("store-1");
        store2 = relay.client("store-2");
    }

    @AfterEach
    void stop() {
        store1.close();
        store2.close();
        relay.close();
    }

    @Test
    void badRequestsNameTheFieldAndStoreNothing() throws Exception {
        refused(400, "pos-employee:e-1: pin: too easy to guess", put("e-1", "\"pin\": \"1234\""));
        refused(400, "pos-employee:e-1: pin: too easy to guess", put("e-1", "\"pin\": \"0000\""));
        refused(400, "pos-employee:e-1: pin: too easy to guess", put("e-1", "\"pin\": \"87654\""));
        refused(400, "pos-employee:e-1: pin: must be 4 to 8 digits, was 3 characters long", put("e-1", "\"pin\": \"258\""));
        refused(400, "pos-employee:e-1: pin: must be digits only, character 3 is not a digit",
                put("e-1", "\"pin\": \"25a0\""));
        refused(400, "pos-employee:e-1: pin_hash: scheme 'md5' is not supported",
                put("e-1", "\"pin_hash\": \"md5$1$2$3\""));
        refused(400, "pos-employee:e-1: a new employee needs a pin", admin.send("PUT", "/v1/pos-staff/e-1",
                "{\"name\": \"Ana\", \"role\": \"CASHIER\", \"sites\": [\"store-1\"], \"reason\": \"hired\"}"));
        refused(400, "pos-employee:e-1: role: must be one of CASHIER, MANAGER, ADMIN, was 'BOSS'", admin.send("PUT",
                "/v1/pos-staff/e-1", "{\"name\": \"Ana\", \"role\": \"BOSS\", \"sites\": [\"store-1\"], \"pin\":"
                        + " \"2580\", \"reason\": \"hired\"}"));
        refused(400, "pos-employee:e-1: sites[0]: store store-9 is not in the store directory", admin.send("PUT",
                "/v1/pos-staff/e-1", "{\"name\": \"Ana\", \"role\": \"CASHIER\", \"sites\": [\"store-9\"], \"pin\":"
                        + " \"2580\", \"reason\": \"hired\"}"));
        refused(400, "pos-employee:e-1: give either sites (the stores they work at) or all_stores: true, not both",
                admin.send("PUT", "/v1/pos-staff/e-1", "{\"name\": \"Ana\", \"role\": \"CASHIER\", \"sites\":"
                        + " [\"store-1\"], \"all_stores\": true, \"pin\": \"2580\", \"reason\": \"hired\"}"));
        refused(400, "pos employee: employee_id: must be 1 to 64", admin.send("PUT", "/v1/pos-staff/-x",
                "{\"name\": \"Ana\", \"role\": \"CASHIER\", \"sites\": [\"store-1\"], \"pin\": \"2580\","
                        + " \"reason\": \"hired\"}"));
        refused(400, "reason is required", admin.send("PUT", "/v1/pos-staff/e-1", "{\"name\": \"Ana\", \"role\":"
                + " \"CASHIER\", \"sites\": [\"store-1\"], \"pin\": \"2580\"}"));
        StaffClient publisher = StaffClient.as(relay, "pat", Role.PUBLISHER);
        assertEquals(403, publisher.send("PUT", "/v1/pos-staff/e-1", body("\"pin\": \"2580\"")).statusCode());
        refused(404, "pos-employee:e-7: no such employee at HQ", admin.send("POST", "/v1/pos-staff/e-7/deactivate",
                "{\"reason\": \"left\"}"));

        assertEquals("[]", ok(publisher.get("/v1/pos-staff")).get("employees").toString(), "nothing stored");
        assertEquals(0, ok(admin.get("/v1/audit?action=pos-staff.added")).get("records").size());
        FetchedStaff unmanaged = store1.posStaff("store-1", null).orElseThrow();
        assertEquals(new SiteStaff("store-1", false, List.of()), unmanaged.staff());
    }

    @Test
    void eachSiteGetsItsActiveEmployeesWithHashesAndStaffNeverSeeOne() throws Exception {
        JsonNode ana = ok(put("e-1", "\"pin\": \"2580\""));
        assertEquals("e-1", ana.get("employee_id").textValue());
        assertTrue(ana.get("active").booleanValue());
        String readyHash = PasswordHash.hash("7391".toCharArray(), PasswordHash.MIN_ITERATIONS);
        ok(admin.send("PUT", "/v1/pos-staff/m-1", "{\"name\": \"Max Ortiz\", \"role\": \"MANAGER\", \"all_stores\":"
                + " true, \"pin_hash\": \"" + readyHash + "\", \"reason\": \"area manager\"}"));

        FetchedStaff first = store1.posStaff("store-1", null).orElseThrow();
        assertTrue(first.staff().managed());
        assertEquals(List.of("e-1", "m-1"), ids(first.staff()));
        SiteStaff.Employee e1 = first.staff().employees().getFirst();
        assertEquals("CASHIER", e1.role());
        assertTrue(PasswordHash.verify("2580".toCharArray(), e1.pinHash()), "the relay hashed the PIN it was given");
        assertEquals(readyHash, first.staff().employees().get(1).pinHash());
        assertEquals(List.of("m-1"), ids(store2.posStaff("store-2", null).orElseThrow().staff()), "e-1 is store-1's");
        String etag = first.etag().orElseThrow();
        assertTrue(store1.posStaff("store-1", etag).isEmpty(), "304 while nothing changed");
        RelayException other = assertThrows(RelayException.class,
                () -> store1.posStaff("store-2", null));
        assertTrue(other.getMessage().contains("403") || other.getMessage().contains("401"), other.getMessage());

        ok(admin.send("POST", "/v1/pos-staff/e-1/pin", "{\"pin\": \"9024\", \"reason\": \"forgot it\"}"));
        FetchedStaff rePinned = store1.posStaff("store-1", etag).orElseThrow();
        assertNotEquals(etag, rePinned.etag().orElseThrow());
        String hash = rePinned.staff().employees().getFirst().pinHash();
        assertTrue(PasswordHash.verify("9024".toCharArray(), hash));
        assertFalse(PasswordHash.verify("2580".toCharArray(), hash));

        ok(admin.send("PUT", "/v1/pos-staff/e-1", "{\"name\": \"Ana Ruiz\", \"role\": \"MANAGER\", \"sites\":"
                + " [\"store-1\", \"store-2\"], \"reason\": \"promoted\"}"));
        SiteStaff promoted = store2.posStaff("store-2", null).orElseThrow().staff();
        assertEquals(List.of("e-1", "m-1"), ids(promoted));
        assertEquals("MANAGER", promoted.employees().getFirst().role());
        assertEquals(hash, promoted.employees().getFirst().pinHash(), "a change without a PIN keeps the PIN");

        ok(admin.send("POST", "/v1/pos-staff/e-1/deactivate", "{\"reason\": \"left the company\"}"));
        ok(admin.send("POST", "/v1/pos-staff/m-1/deactivate", "{\"reason\": \"left the company\"}"));
        SiteStaff nobody = store1.posStaff("store-1", null).orElseThrow().staff();
        assertEquals(new SiteStaff("store-1", true, List.of()), nobody, "still managed by HQ, with nobody active");

        HttpResponse<String> list = admin.get("/v1/pos-staff");
        JsonNode employees = ok(list).get("employees");
        assertEquals(2, employees.size());
        assertFalse(employees.get(0).get("active").booleanValue());
        assertEquals("[\"store-1\",\"store-2\"]", employees.get(0).get("sites").toString());
        assertFalse(list.body().contains("pbkdf2"), "the list never shows a hash: " + list.body());
        HttpResponse<String> audit = admin.get("/v1/audit?subject=pos-employee:e-1");
        List<String> actions = ok(audit).get("records").findValuesAsText("action");
        assertTrue(actions.containsAll(List.of("pos-staff.added", "pos-staff.pin-set", "pos-staff.changed",
                "pos-staff.deactivated")), actions.toString());
        assertFalse(admin.get("/v1/audit").body().contains("pbkdf2"), "the audit never records a hash");
    }

    private HttpResponse<String> put(String employee, String pin) throws Exception {
        return admin.send("PUT", "/v1/pos-staff/" + employee, body(pin));
    }

    private static String body(String pin) {
        return "{\"name\": \"Ana Ruiz\", \"role\": \"CASHIER\", \"sites\": [\"store-1\"], " + pin
                + ", \"reason\": \"hired\"}";
    }

    private static List<String> ids(SiteStaff staff) {
        return staff.employees().stream().map(SiteStaff.Employee::employeeId).toList();
    }

    private static void refused(int status, String start, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        String error = Json.tree(response.body()).get("error").textValue();
        assertTrue(error.startsWith(start), error);
    }

    private static JsonNode ok(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return Json.tree(response.body());
    }
}
