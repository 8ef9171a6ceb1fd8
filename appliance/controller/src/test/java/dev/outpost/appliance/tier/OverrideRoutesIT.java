package dev.outpost.appliance.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.json.Json;
import dev.outpost.api.password.PasswordHash;
import dev.outpost.site.broker.Credential;
import dev.outpost.site.broker.Role;
import dev.outpost.site.message.MenuTier;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The override endpoints on the LAN HTTP: a site account is needed, bad input is refused naming why and changes nothing. */
@Tag("integration")
class OverrideRoutesIT {
    static final Instant T0 = Instant.parse("2027-03-01T11:00:00Z");

    @TempDir
    Path dir;
    final AtomicReference<Instant> now = new AtomicReference<>(T0.plus(Duration.ofHours(100)));
    final List<MenuTier> published = new CopyOnWriteArrayList<>();
    final List<Object> events = new CopyOnWriteArrayList<>();
    final HttpClient client = HttpClient.newHttpClient();
    TierWatch watch;
    Javalin http;

    @BeforeEach
    void start() {
        watch = TierWatch.start("s-1", TierWatchTest.CONFIG, () -> T0, dir, tier -> {
            published.add(tier);
            return CompletableFuture.completedFuture(null);
        }, (device, batch) -> events.addAll(batch), now::get);
        Map<String, Credential> accounts = Map.of("mgr-tablet",
                new Credential(Role.DEVICE, PasswordHash.hash("tablet-pw".toCharArray(), 1_000)));
        OverrideRoutes routes = new OverrideRoutes("s-1", Optional.of(watch), accounts);
        http = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            routes.register(cfg.routes);
        }).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        http.stop();
        watch.close();
    }

    HttpResponse<String> send(String method, String body, String credentials) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port()
                + "/v1/menus/override")).method(method, HttpRequest.BodyPublishers.ofString(body));
        if (credentials != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String error(HttpResponse<String> response) {
        return Json.tree(response.body()).path("error").asText();
    }

    void assertRefused(int status, String message, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(message, error(response));
    }

    @Test
    void anOverrideNeedsASiteAccountAndBadInputIsRefusedNamingWhyChangingNothing() throws Exception {
        int told = published.size();
        int reported = events.size();
        String good = "{\"hours\": 4, \"reason\": \"relay unreachable\", \"manager\": \"Ana Ruiz\"}";
        HttpResponse<String> anonymous = send("POST", good, null);
        assertRefused(401, "site s-1: a menu override needs a site account (HTTP Basic with an account of"
                + " broker.accounts and its password)", anonymous);
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Basic realm="));
        assertRefused(401, "site s-1: account 'mgr-tablet': unknown account or wrong password",
                send("POST", good, "mgr-tablet:guess"));
        assertRefused(401, "site s-1: account 'stranger': unknown account or wrong password",
                send("POST", good, "stranger:tablet-pw"));

        String creds = "mgr-tablet:tablet-pw";
        String prefix = "site s-1: override refused, nothing changed: ";
        assertRefused(400, prefix + "menu_override.hours: must be between 1 and 72 (whole hours), was 0",
                send("POST", "{\"hours\": 0, \"reason\": \"r\", \"manager\": \"Ana\"}", creds));
        assertRefused(400, prefix + "menu_override.hours: must be between 1 and 72 (whole hours), was 73",
                send("POST", "{\"hours\": 73, \"reason\": \"r\", \"manager\": \"Ana\"}", creds));
        assertTrue(error(send("POST", "{\"hours\": 1.5, \"reason\": \"r\", \"manager\": \"Ana\"}", creds))
                .startsWith(prefix + "menu_override.hours: "));
        assertTrue(error(send("POST", "{\"hours\": \"3\", \"reason\": \"r\", \"manager\": \"Ana\"}", creds))
                .startsWith(prefix + "menu_override.hours: "));
        assertRefused(400, prefix + "menu_override.reason: must not be blank, was ' '",
                send("POST", "{\"hours\": 3, \"reason\": \" \", \"manager\": \"Ana\"}", creds));
        assertRefused(400, prefix + "menu_override: missing field 'manager'",
                send("POST", "{\"hours\": 3, \"reason\": \"r\"}", creds));
        assertRefused(400, prefix + "menu_override: unknown field 'minutes'",
                send("POST", "{\"hours\": 3, \"reason\": \"r\", \"manager\": \"Ana\", \"minutes\": 5}", creds));
        assertTrue(send("POST", "hours=3", creds).statusCode() == 400);
        assertEquals(told, published.size(), "the screens were told nothing new");
        assertEquals(reported, events.size(), "nothing audited");
        assertEquals(List.of(), watch.view().overrides());

        HttpResponse<String> started = send("POST", good, creds);
        assertEquals(201, started.statusCode(), started.body());
        assertEquals("Ana Ruiz", Json.tree(started.body()).path("manager").asText());
        assertEquals("mgr-tablet", Json.tree(started.body()).path("account").asText());
        assertEquals(MenuTier.Tier.EXPIRED_OVERRIDDEN, published.get(published.size() - 1).tier());
        HttpResponse<String> tier = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port()
                + "/v1/menus/tier")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("EXPIRED_OVERRIDDEN", Json.tree(tier.body()).path("tier").asText());
        assertEquals(409, send("POST", good, creds).statusCode(), "one override at a time");

        assertRefused(400, "site s-1: override not ended, nothing changed: menu_override_end.reason: must not be blank,"
                + " was ''", send("DELETE", "{\"reason\": \"\", \"manager\": \"Ana\"}", creds));
        assertEquals(MenuTier.Tier.EXPIRED_OVERRIDDEN, published.get(published.size() - 1).tier());
        HttpResponse<String> ended = send("DELETE", "{\"reason\": \"menu arrived\", \"manager\": \"Ana\"}", creds);
        assertEquals(200, ended.statusCode(), ended.body());
        assertEquals("menu arrived", Json.tree(ended.body()).path("end_reason").asText());
        assertEquals(MenuTier.Tier.EXPIRED, published.get(published.size() - 1).tier());
        assertRefused(409, "site s-1: no menu override is running",
                send("DELETE", "{\"reason\": \"again\", \"manager\": \"Ana\"}", creds));
    }
}
