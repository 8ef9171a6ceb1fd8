package dev.outpost.relay.staff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.json.Json;
import dev.outpost.relay.testing.RelayHarness;
import dev.outpost.relay.testing.StaffClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staff login, sessions, lockout, CSRF, reasons, roles and bearer tokens, over HTTP against a real relay. */
@Tag("integration")
class StaffIT {
    static final String NEW_USER = """
            {"username":"bob","password":"a long enough password","roles":["viewer"],"reason":"bob joins HQ"}""";

    @TempDir
    Path dir;
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-21T08:00:00Z"));
    RelayHarness relay;

    @BeforeEach
    void start() {
        relay = RelayHarness.start(dir, Map.of("staff.password.bcrypt-cost", "10"), now::get);
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    void advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
    }

    HttpResponse<String> login(String username, String password) throws Exception {
        return relay.sendPlain("POST", "/v1/auth/login", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
    }

    List<JsonNode> audit(String action) {
        List<JsonNode> out = new ArrayList<>();
        relay.relay().store().inTransaction("read audit", tx -> tx.query(
                "SELECT actor, subject, reason FROM audit_log WHERE action = ? ORDER BY seq",
                r -> out.add(Json.tree("{\"actor\":" + Json.writeString(r.getString(1)) + ",\"subject\":"
                        + Json.writeString(r.getString(2)) + ",\"reason\":" + Json.writeString(r.getString(3)) + "}")), action));
        return out;
    }

    static void assertError(HttpResponse<String> response, int status, String text) {
        assertEquals(status, response.statusCode(), response.body());
        String error = Json.tree(response.body()).path("error").asText();
        assertTrue(error.contains(text), "expected '" + text + "' in: " + error);
    }

    @Test
    void loginSetsAStrictHttpOnlyCookieAndMeShowsWhoIsLoggedIn() throws Exception {
        StaffClient.createUser(relay, "alice", Set.of("FR", "JP"), Role.APPROVER, Role.PUBLISHER);
        HttpResponse<String> response = login("alice", StaffClient.PASSWORD);
        assertEquals(200, response.statusCode(), response.body());
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.startsWith(Access.SESSION_COOKIE + "="), cookie);
        assertTrue(cookie.contains("; HttpOnly") && cookie.contains("; SameSite=Strict") && cookie.contains("; Path=/"), cookie);
        assertFalse(cookie.contains("Secure"), "plain HTTP: no Secure flag, or the browser would drop the cookie: " + cookie);
        JsonNode body = Json.tree(response.body());
        assertEquals("[\"publisher\",\"approver\"]", body.path("roles").toString());
        assertEquals("[\"FR\",\"JP\"]", body.path("jurisdictions").toString());

        StaffClient alice = StaffClient.login(relay, "alice", StaffClient.PASSWORD);
        JsonNode me = Json.tree(alice.get("/v1/auth/me").body());
        assertEquals("alice", me.path("username").asText());
        assertEquals("session", me.path("credential").asText());
        assertEquals(alice.csrf(), me.path("csrf_token").asText());
        assertEquals("user:alice", audit("staff.login").getLast().path("actor").asText());
    }

    @Test
    void theStoreHoldsOnlyTheHashOfASession() throws Exception {
        StaffClient admin = StaffClient.admin(relay);
        String secret = admin.cookie().substring(admin.cookie().indexOf('=') + 1);
        List<String> stored = relay.relay().store().inTransaction("read", tx -> tx.query("SELECT token_hash FROM staff_session",
                r -> r.getString(1)));
        assertEquals(List.of(Secrets.sha256Hex(secret)), stored);
        assertNotEquals(secret, stored.getFirst());
    }

    @Test
    void logoutEndsTheSession() throws Exception {
        StaffClient admin = StaffClient.admin(relay);
        HttpResponse<String> out = admin.send("POST", "/v1/auth/logout", null);
        assertEquals(204, out.statusCode(), out.body());
        assertTrue(out.headers().firstValue("Set-Cookie").orElseThrow().contains("Max-Age=0"));
        assertError(admin.get("/v1/auth/me"), 401, "the session is unknown or was ended");
        assertEquals(1, audit("staff.logout").size());
    }

    @Test
    void withoutALoginStaffRoutesAnswer401SayingHowToLogIn() throws Exception {
        assertError(relay.sendPlain("GET", "/v1/auth/me", null), 401,
                "not logged in: GET /v1/auth/me needs a staff login (POST /v1/auth/login) or an Authorization: Bearer token");
        assertError(relay.sendPlain("GET", "/v1/fleet/freshness", null), 401, "not logged in: GET /v1/fleet/freshness");
        assertError(relay.sendPlain("GET", "/v1/audit", null), 401, "not logged in: GET /v1/audit");
    }

    @Test
    void aWrongPasswordIs401AndAuditedLikeAnUnknownUser() throws Exception {
        StaffClient.createUser(relay, "alice", Set.of(), Role.VIEWER);
        assertError(login("alice", "not the password at all"), 401, "login: wrong username or password");
        assertError(login("mallory", "not the password at all"), 401, "login: wrong username or password");
        List<JsonNode> failed = audit("staff.login.failed");
        assertEquals(2, failed.size());
        assertEquals("user:alice", failed.get(0).path("subject").asText());
        assertEquals("wrong password (failure 1 of 5 within 15m)", failed.get(0).path("reason").asText());
        assertTrue(failed.get(0).path("actor").asText().startsWith("anonymous@"), failed.get(0).toString());
        assertEquals("no such user (failure 1 of 5 within 15m)", failed.get(1).path("reason").asText());
    }

    @Test
    void fiveFailuresWithinFifteenMinutesLockTheNameForFifteenMinutesAndAreAudited() throws Exception {
        StaffClient.createUser(relay, "alice", Set.of(), Role.VIEWER);
        for (int i = 0; i < 5; i++) {
            assertError(login("alice", "guess number " + i + "!!"), 401, "wrong username or password");
            advance(Duration.ofMinutes(2));
        }
        assertError(login("alice", StaffClient.PASSWORD), 429, "login: 'alice' is locked after too many failed logins until 2026-11-21T08:23:00Z");
        assertEquals(5, audit("staff.login.failed").size());
        List<JsonNode> locked = audit("staff.login.locked");
        assertEquals(1, locked.size());
        assertEquals("5 failed logins within 15m; locked until 2026-11-21T08:23:00Z", locked.getFirst().path("reason").asText());
        assertEquals("user:alice", locked.getFirst().path("subject").asText());
        assertEquals(1, audit("staff.login.refused").size());

        advance(Duration.ofMinutes(14)); // 08:24: the lock has passed
        assertEquals(200, login("alice", StaffClient.PASSWORD).statusCode());
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() throws Exception {
        StaffClient.createUser(relay, "alice", Set.of(), Role.VIEWER);
        for (int i = 0; i < 4; i++) {
            login("alice", "guess number " + i + "!!");
        }
        advance(Duration.ofMinutes(16));
        assertError(login("alice", "one more guess!!"), 401, "wrong username or password");
        assertEquals("wrong password (failure 1 of 5 within 15m)", audit("staff.login.failed").getLast().path("reason").asText());
        assertEquals(200, login("alice", StaffClient.PASSWORD).statusCode());
        assertTrue(audit("staff.login.locked").isEmpty());
    }

    @Test
    void aSessionUnusedForTheIdleTimeEnds() throws Exception {
        StaffClient admin = StaffClient.admin(relay);
        for (int i = 0; i < 3; i++) { // used every 29 minutes: stays alive past the idle limit
            advance(Duration.ofMinutes(29));
            assertEquals(200, admin.get("/v1/auth/me").statusCode());
        }
        advance(Duration.ofMinutes(30));
        assertError(admin.get("/v1/auth/me"), 401, "the session expired after 30m without use");
        assertError(admin.get("/v1/auth/me"), 401, "the session is unknown or was ended");
    }

    @Test
    void aBusySessionStillEndsAtItsMaximumAge() throws Exception {
        StaffClient admin = StaffClient.admin(relay);
        for (int i = 0; i < 28; i++) {
            advance(Duration.ofMinutes(25));
            assertEquals(200, admin.get("/v1/auth/me").statusCode(), "after " + (i + 1) * 25 + " min");
        }
        advance(Duration.ofMinutes(25)); // 12 h 05 min after login
        assertError(admin.get("/v1/auth/me"), 401, "the session expired: a session lasts at most 12h after login");
    }

    @Test
    void aChangeWithoutTheCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        StaffClient admin = StaffClient.admin(relay);
        long auditBefore = auditCount();
        HttpResponse<String> missing = relay.sendPlain("POST", "/v1/users", NEW_USER, "Cookie", admin.cookie());
        assertError(missing, 403, "csrf: POST /v1/users with a session cookie needs the X-CSRF-Token header");
        HttpResponse<String> wrong = relay.sendPlain("POST", "/v1/users", NEW_USER, "Cookie", admin.cookie(),
                Access.CSRF_HEADER, "not-the-token");
        assertError(wrong, 403, "csrf: the X-CSRF-Token header of POST /v1/users does not match this session's token");
        assertEquals(1, Json.tree(admin.get("/v1/users").body()).size(), "only the admin exists");
        assertEquals(auditBefore, auditCount());
        assertEquals(201, admin.send("POST", "/v1/users", NEW_USER).statusCode());
    }

    @Test
    void aChangeWithoutAReasonIsRefusedAndChangesNothing() throws Exception {
        StaffClient admin = StaffClient.admin(relay);
        long auditBefore = auditCount();
        assertError(admin.send("POST", "/v1/users", NEW_USER.replace(",\"reason\":\"bob joins HQ\"", "")), 400,
                "reason is required: say why you are doing this");
        assertError(admin.send("POST", "/v1/users", NEW_USER.replace("bob joins HQ", "   ")), 400,
                "reason is required: say why you are doing this");
        assertEquals(1, Json.tree(admin.get("/v1/users").body()).size());
        assertEquals(auditBefore, auditCount());

        HttpResponse<String> byHeader = admin.send("POST", "/v1/users", NEW_USER.replace(",\"reason\":\"bob joins HQ\"", ""),
                Reasons.HEADER, "hired for the FR rollout");
        assertEquals(201, byHeader.statusCode(), byHeader.body());
        assertEquals("hired for the FR rollout", audit("staff.user.created").getLast().path("reason").asText());
    }

    @Test
    void aMissingRoleIs403NamingTheRole() throws Exception {
        StaffClient viewer = StaffClient.as(relay, "vera", Role.VIEWER);
        assertError(viewer.send("POST", "/v1/users", NEW_USER), 403,
                "forbidden: POST /v1/users needs the admin role; user 'vera' has viewer");
        assertError(viewer.get("/v1/users"), 403, "needs the admin role");
        assertEquals(200, viewer.get("/v1/fleet/freshness").statusCode());
        assertEquals(200, viewer.get("/v1/audit").statusCode());
        StaffClient officer = StaffClient.as(relay, "sam", Role.SAFETY_OFFICER);
        assertEquals(200, officer.get("/v1/audit/verify").statusCode(), "every role may read");
    }

    @Test
    void aBearerTokenActsForItsUserWithoutCsrfUntilRevoked() throws Exception {
        StaffClient admin = StaffClient.admin(relay);
        StaffClient.createUser(relay, "deploy-bot", Set.of(), Role.ADMIN);
        HttpResponse<String> issued = admin.send("POST", "/v1/users/deploy-bot/tokens",
                "{\"label\":\"nightly user sync\",\"reason\":\"the sync script needs to create users\"}");
        assertEquals(201, issued.statusCode(), issued.body());
        String token = Json.tree(issued.body()).path("token").asText();
        String id = Json.tree(issued.body()).path("id").asText();
        assertTrue(token.startsWith("outpost_"), token);

        JsonNode me = Json.tree(relay.sendPlain("GET", "/v1/auth/me", null, "Authorization", "Bearer " + token).body());
        assertEquals("deploy-bot", me.path("username").asText());
        assertEquals("token", me.path("credential").asText());
        HttpResponse<String> created = relay.sendPlain("POST", "/v1/users", NEW_USER, "Authorization", "Bearer " + token);
        assertEquals(201, created.statusCode(), "no CSRF token needed with a bearer token: " + created.body());
        assertEquals("user:deploy-bot", lastActorOf("staff.user.created"));

        String listed = admin.get("/v1/tokens").body();
        assertFalse(listed.contains(token), listed);
        assertTrue(listed.contains("nightly user sync"), listed);
        assertEquals(200, admin.send("POST", "/v1/tokens/" + id + "/revoke", "{\"reason\":\"script retired\"}").statusCode());
        assertError(relay.sendPlain("GET", "/v1/auth/me", null, "Authorization", "Bearer " + token), 401,
                "the bearer token is unknown or revoked");
        assertError(relay.sendPlain("GET", "/v1/auth/me", null, "Authorization", "Basic abc"), 401,
                "the Authorization header must be 'Bearer <token>'");
    }

    @Test
    void adminsManageUsersAndEveryChangeIsAudited() throws Exception {
        StaffClient admin = StaffClient.admin(relay);
        assertEquals(201, admin.send("POST", "/v1/users", NEW_USER).statusCode());
        assertError(admin.send("POST", "/v1/users", NEW_USER), 409, "user 'bob': exists already");
        assertError(admin.send("PUT", "/v1/users/bob/roles", "{\"roles\":[\"approver\"],\"reason\":\"signs off FR\"}"), 400,
                "user 'bob': an approver needs at least one jurisdiction");
        assertError(admin.send("PUT", "/v1/users/bob/roles", "{\"roles\":[\"boss\"],\"reason\":\"x\"}"), 400,
                "roles: unknown role 'boss' (roles: viewer, publisher, approver, safety-officer, admin)");
        HttpResponse<String> roles = admin.send("PUT", "/v1/users/bob/roles",
                "{\"roles\":[\"approver\",\"viewer\"],\"jurisdictions\":[\"FR\"],\"reason\":\"signs off FR\"}");
        assertEquals(200, roles.statusCode(), roles.body());
        assertEquals("[\"FR\"]", Json.tree(roles.body()).path("jurisdictions").toString());

        StaffClient bob = StaffClient.login(relay, "bob", "a long enough password");
        assertError(admin.send("POST", "/v1/users/bob/password", "{\"password\":\"short\",\"reason\":\"x\"}"), 400,
                "user 'bob': password must be at least 12 characters, was 5");
        assertEquals(200, admin.send("POST", "/v1/users/bob/password",
                "{\"password\":\"another long password\",\"reason\":\"bob forgot it\"}").statusCode());
        assertEquals(401, bob.get("/v1/auth/me").statusCode(), "a reset ends the user's sessions");
        assertEquals(401, login("bob", "a long enough password").statusCode());
        bob = StaffClient.login(relay, "bob", "another long password");

        assertEquals(200, admin.send("POST", "/v1/users/bob/disable", "{\"reason\":\"left the company\"}").statusCode());
        assertError(bob.get("/v1/auth/me"), 401, "the session is unknown or was ended");
        assertError(login("bob", "another long password"), 401, "wrong username or password");
        assertError(admin.send("POST", "/v1/users/admin/disable", "{\"reason\":\"oops\"}"), 409,
                "user 'admin': is the last enabled admin and cannot be disabled");
        assertError(admin.send("POST", "/v1/users/nobody/disable", "{\"reason\":\"x\"}"), 404, "user 'nobody': no such user");
        assertError(admin.send("POST", "/v1/users", NEW_USER.replace("\"roles\"", "\"colour\":1,\"roles\"")), 400,
                "create_user: unknown field 'colour'");

        String users = admin.get("/v1/users").body();
        assertFalse(users.contains("password_hash") || users.contains("$2y$"), users);
        for (String action : List.of("staff.user.created", "staff.user.roles-changed", "staff.user.password-reset",
                "staff.user.disabled")) {
            assertEquals("user:admin", lastActorOf(action), action);
        }
        assertEquals("left the company", audit("staff.user.disabled").getLast().path("reason").asText());
    }

    String lastActorOf(String action) {
        return audit(action).getLast().path("actor").asText();
    }

    long auditCount() {
        return relay.relay().store().inTransaction("count", tx -> tx.queryLong("SELECT COUNT(*) FROM audit_log"));
    }
}
