package dev.outpost.relay.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.enroll.EnrollRequest;
import dev.outpost.api.json.Json;
import dev.outpost.relay.staff.Role;
import dev.outpost.relay.testing.RelayHarness;
import dev.outpost.relay.testing.StaffClient;
import dev.outpost.relay.testing.TestSite;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staff issue tokens, list and revoke certificates over the API, behind the staff login, with a reason. */
@Tag("integration")
class DeviceAdminRoutesIT {
    @TempDir
    Path dir;
    RelayHarness relay;
    StaffClient admin;

    @BeforeEach
    void start() throws Exception {
        relay = RelayHarness.start(dir, Map.of("staff.password.bcrypt-cost", "10"), InstantSource.system());
        admin = StaffClient.admin(relay);
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    @Test
    void anAdminIssuesATokenThatEnrollsTheSite() throws Exception {
        HttpResponse<String> reply = admin.send("POST", "/v1/enrollment-tokens",
                "{\"site_id\":\"store-7\",\"ttl\":\"2h\",\"reason\":\"new store opening\"}");
        assertEquals(200, reply.statusCode(), reply.body());
        String token = Json.tree(reply.body()).path("token").asText();
        HttpResponse<String> enrolled = TestSite.enrollRequest(relay.relay(),
                new EnrollRequest("store-7", token, TestSite.csr(TestSite.newKey(), "store-7")));
        assertEquals(200, enrolled.statusCode(), enrolled.body());
        JsonNode listed = Json.tree(admin.get("/v1/device-certificates?site=store-7").body()).path("certificates");
        assertEquals(1, listed.size());
        assertEquals("valid", listed.get(0).path("state").asText());
    }

    @Test
    void aTokenRequestWithoutAReasonIsA400AndIssuesNothing() throws Exception {
        HttpResponse<String> reply = admin.send("POST", "/v1/enrollment-tokens", "{\"site_id\":\"store-7\"}");
        assertEquals(400, reply.statusCode());
        assertTrue(reply.body().contains("reason is required"), reply.body());
        assertEquals(0L, (long) relay.relay().store().inTransaction("count", tx -> tx.queryLong(
                "SELECT COUNT(*) FROM enrollment_tokens")));
    }

    @Test
    void aViewerMayListButNotIssueOrRevoke() throws Exception {
        StaffClient viewer = StaffClient.as(relay, "vera", Role.VIEWER);
        assertEquals(200, viewer.get("/v1/device-certificates").statusCode());
        HttpResponse<String> reply = viewer.send("POST", "/v1/enrollment-tokens", "{\"site_id\":\"store-7\",\"reason\":\"x\"}");
        assertEquals(403, reply.statusCode());
        assertTrue(reply.body().contains("needs the admin role"), reply.body());
    }

    @Test
    void withoutALoginNothingIsShown() throws Exception {
        assertEquals(401, relay.sendPlain("GET", "/v1/device-certificates", null).statusCode());
    }

    @Test
    void anAdminRevokesACertificateWithAReason() throws Exception {
        TestSite site = relay.site("store-7");
        HttpResponse<String> reply = admin.send("POST", "/v1/device-certificates/" + site.serial() + "/revoke",
                "{\"reason\":\"appliance replaced\"}");
        assertEquals(200, reply.statusCode(), reply.body());
        assertEquals("revoked", Json.tree(reply.body()).path("state").asText());
        assertEquals(403, site.send(relay.relay(), "POST", "/v1/sites/store-7/heartbeat", "{}").statusCode());
        HttpResponse<String> again = admin.send("POST", "/v1/device-certificates/" + site.serial() + "/revoke",
                "{\"reason\":\"twice\"}");
        assertEquals(409, again.statusCode());
        assertTrue(again.body().contains(": already revoked at "), again.body());
    }
}
