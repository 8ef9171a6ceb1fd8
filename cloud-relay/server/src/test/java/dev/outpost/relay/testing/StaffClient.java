package dev.outpost.relay.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.json.Json;
import dev.outpost.relay.staff.Access;
import dev.outpost.relay.staff.Role;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A logged-in staff member talking to a {@link RelayHarness}, as the console does: the session cookie on every
 * request and the CSRF token on every change. {@code StaffClient.admin(relay)} is the quickest way in.
 */
public final class StaffClient {
    public static final String PASSWORD = "correct horse battery staple";

    private final RelayHarness relay;
    private final String cookie;
    private final JsonNode me;

    private StaffClient(RelayHarness relay, String cookie, JsonNode me) {
        this.relay = relay;
        this.cookie = cookie;
        this.me = me;
    }

    /** Creates a user straight through the relay's accounts (audited as actor "test"). */
    public static void createUser(RelayHarness relay, String username, Set<String> jurisdictions, Role... roles) {
        relay.relay().staff().accounts().create("test", "test fixture", username, PASSWORD.toCharArray(),
                EnumSet.copyOf(Arrays.asList(roles)), jurisdictions);
    }

    /** A new admin called {@code admin}, logged in. */
    public static StaffClient admin(RelayHarness relay) throws Exception {
        createUser(relay, "admin", Set.of(), Role.ADMIN);
        return login(relay, "admin", PASSWORD);
    }

    /** A new user with {@code roles}, logged in. */
    public static StaffClient as(RelayHarness relay, String username, Role... roles) throws Exception {
        createUser(relay, username, Set.of(), roles);
        return login(relay, username, PASSWORD);
    }

    public static StaffClient login(RelayHarness relay, String username, String password) throws Exception {
        HttpResponse<String> response = relay.sendPlain("POST", "/v1/auth/login",
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}", "Content-Type", "application/json");
        if (response.statusCode() != 200) {
            throw new AssertionError("login as " + username + ": " + response.statusCode() + " " + response.body());
        }
        String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        return new StaffClient(relay, setCookie.substring(0, setCookie.indexOf(';')), Json.tree(response.body()));
    }

    /** The login response: username, roles, csrf_token, session_expires_at. */
    public JsonNode me() {
        return me;
    }

    public String csrf() {
        return me.path("csrf_token").asText();
    }

    /** The {@code name=value} of the session cookie. */
    public String cookie() {
        return cookie;
    }

    public HttpResponse<String> get(String path) throws Exception {
        return relay.sendPlain("GET", path, null, "Cookie", cookie);
    }

    /** A change with the session's CSRF token; {@code extraHeaders} are name, value pairs. */
    public HttpResponse<String> send(String method, String path, String body, String... extraHeaders) throws Exception {
        List<String> headers = new ArrayList<>(List.of("Cookie", cookie, Access.CSRF_HEADER, csrf(),
                "Content-Type", "application/json"));
        headers.addAll(List.of(extraHeaders));
        return relay.sendPlain(method, path, body, headers.toArray(String[]::new));
    }
}
