package dev.outpost.sim.kitchen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.config.ConfigFile;
import dev.outpost.api.json.Json;
import dev.outpost.api.password.PasswordHash;
import dev.outpost.appliance.Appliance;
import dev.outpost.appliance.ApplianceConfig;
import dev.outpost.display.DisplayAgent;
import dev.outpost.display.DisplayConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restaurant order end to end: a real appliance (orders on, its embedded site broker, its LAN HTTP) and real display
 * agents in process — kitchen screens for the grill and the bar, a lobby board — over real HTTP and MQTT, on one
 * controllable clock. Paid, the order's tickets appear at both stations with their own lines; bumped at both (from
 * the screens' pages), it is READY on the lobby; recalled, it is back on the grill, and still there on a grill screen
 * that restarts (the retained state); ready again, it completes ten minutes later by the appliance's timer.
 */
@Tag("integration")
class RestaurantOrdersIT {
    static final String SITE = "store-1";
    static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2027-03-01T12:00:00Z"));
    final HttpClient http = HttpClient.newHttpClient();
    final Map<String, DisplayAgent> agents = new LinkedHashMap<>();
    Appliance appliance;

    @AfterEach
    void stop() {
        agents.values().forEach(DisplayAgent::close);
        if (appliance != null) {
            appliance.close();
        }
    }

    @Test
    void aPaidOrderIsCookedAtTwoStationsCalledInTheLobbyRecalledAcrossARestartAndCompleted() throws Exception {
        StringBuilder accounts = new StringBuilder();
        for (String device : new String[] {"kds-grill", "kds-bar", "lobby-1"}) {
            accounts.append(device).append(" device ").append(PasswordHash.hash((device + "-pw").toCharArray(), 1_000))
                    .append('\n');
        }
        appliance = Appliance.create(ApplianceConfig.from(ConfigFile.empty("test")
                .with("site.id", SITE)
                .with("relay.url", "https://127.0.0.1:9") // no relay: orders never need the WAN
                .with("http.host", "127.0.0.1").with("http.port", "0")
                .with("broker.host", "127.0.0.1").with("broker.port", "0")
                .with("broker.accounts", Files.writeString(dir.resolve("devices.accounts"), accounts).toString())
                .with("data.dir", dir.resolve("appliance").toString())
                .with("orders.enabled", "true")
                .with("orders.routes", "burgers=grill, drinks=bar")), now::get);
        appliance.start();
        DisplayAgent grill = agent("kds-grill", "kds", "grill");
        DisplayAgent bar = agent("kds-bar", "kds", "bar");
        DisplayAgent lobby = agent("lobby-1", "lobby", null);

        JsonNode bad = post(appliance(), "/v1/orders", """
                {"lines": [{"sku": "b-1", "name": "Cheeseburger", "category": "burgers", "quantity": 0, "note": ""}]}""", 400);
        assertTrue(bad.path("error").asText().contains("order.lines[0].quantity: must be between 1 and 99, was 0"),
                bad.toString());
        assertEquals(0, get(appliance(), "/v1/orders").path("orders").size(), "a refused order is not stored");
        JsonNode order = post(appliance(), "/v1/orders", """
                {"lines": [
                  {"sku": "b-1", "name": "Cheeseburger", "category": "burgers", "quantity": 2, "note": "no onions"},
                  {"sku": "d-1", "name": "Cola", "category": "drinks", "quantity": 1, "note": ""}]}""", 201);
        String id = order.path("id").asText();
        int number = order.path("number").asInt();
        assertEquals(1, number);
        JsonNode refused = post(appliance(), "/v1/orders/" + id + "/paid", "{\"transaction_id\": \"tx-1\"}", 409);
        assertEquals("order " + id + " (number 1): is DRAFT, cannot be paid", refused.path("error").asText());
        post(appliance(), "/v1/orders/" + id + "/submit", "", 200);
        assertEquals("PREPARING", post(appliance(), "/v1/orders/" + id + "/paid", "{\"transaction_id\": \"tx-1\"}", 200)
                .path("state").asText());

        until("the grill shows its lines of order 1", () -> page(grill, "/kds/fragment").contains("Bump #1")
                && page(grill, "/kds/fragment").contains("Cheeseburger"), () -> page(grill, "/kds/fragment"));
        String grillTicket = page(grill, "/kds/fragment");
        assertTrue(grillTicket.contains("<b>2×</b> Cheeseburger<div class=\"note\">no onions</div>")
                && !grillTicket.contains("Cola"), grillTicket);
        until("the bar shows its line of order 1", () -> page(bar, "/kds/fragment").contains("Bump #1"),
                () -> page(bar, "/kds/fragment"));
        assertTrue(page(bar, "/kds/fragment").contains("Cola") && !page(bar, "/kds/fragment").contains("Cheeseburger"));
        until("the lobby shows 1 preparing", () -> page(lobby, "/lobby/fragment").contains(
                "data-column=\"preparing\"><li>1</li>"), () -> page(lobby, "/lobby/fragment"));

        String bump = "{\"order_id\": \"" + id + "\"}";
        post(screen(grill), "/kds/bump", bump, 200);
        JsonNode twice = post(screen(grill), "/kds/bump", bump, 409);
        assertTrue(twice.path("error").asText().startsWith("station grill: order " + id + " (number 1) is PREPARING,"
                + " its ticket here already bumped"), twice.toString());
        post(screen(bar), "/kds/bump", bump, 200);
        until("the lobby calls 1 ready", () -> page(lobby, "/lobby/fragment").contains("data-column=\"ready\"><li>1</li>"),
                () -> page(lobby, "/lobby/fragment"));
        assertEquals("READY", get(appliance(), "/v1/orders/" + id).path("state").asText());

        post(screen(grill), "/kds/recall", "", 200);
        assertEquals("PREPARING", get(appliance(), "/v1/orders/" + id).path("state").asText());
        until("the lobby shows 1 preparing again", () -> page(lobby, "/lobby/fragment").contains(
                "data-column=\"preparing\"><li>1</li>"), () -> page(lobby, "/lobby/fragment"));

        agents.remove("kds-grill").close();
        DisplayAgent restarted = agent("kds-grill", "kds", "grill");
        until("the restarted grill shows the recalled ticket at once", () -> page(restarted, "/kds/fragment")
                .contains("Bump #1"), () -> page(restarted, "/kds/fragment"));

        post(screen(restarted), "/kds/bump", bump, 200);
        assertEquals("READY", get(appliance(), "/v1/orders/" + id).path("state").asText());
        now.set(now.get().plus(Duration.ofMinutes(10)));
        until("order 1 completed ten minutes after it was ready", () -> get(appliance(), "/v1/orders/" + id)
                .path("state").asText().equals("COMPLETED"), () -> get(appliance(), "/v1/orders/" + id).toString());
        until("the lobby no longer shows 1", () -> !page(lobby, "/lobby/fragment").contains("<li>1</li>"),
                () -> page(lobby, "/lobby/fragment"));
    }

    private DisplayAgent agent(String id, String role, String station) throws IOException {
        ConfigFile config = ConfigFile.empty("test").with("site.id", SITE).with("device.id", id)
                .with("broker.url", "tcp://127.0.0.1:" + appliance.brokerPort()).with("broker.password", id + "-pw")
                .with("http.host", "127.0.0.1").with("http.port", "0").with("data.dir", dir.resolve(id).toString())
                .with("display.role", role).with("menu.appliance-url", appliance().toString());
        DisplayAgent agent = DisplayAgent.create(DisplayConfig.from(station == null ? config
                : config.with("display.station", station)), now::get);
        agent.start();
        agents.put(id, agent);
        return agent;
    }

    private URI appliance() {
        return URI.create("http://127.0.0.1:" + appliance.httpPort());
    }

    private static URI screen(DisplayAgent agent) {
        return URI.create("http://127.0.0.1:" + agent.httpPort());
    }

    private String page(DisplayAgent agent, String path) {
        try {
            return http.send(HttpRequest.newBuilder(screen(agent).resolve(path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(agent + path + ": " + e, e);
        }
    }

    private JsonNode get(URI base, String path) {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(base.resolve(path)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode(), new String(response.body()));
            return Json.tree(response.body());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(base + path + ": " + e, e);
        }
    }

    private JsonNode post(URI base, String path, String body, int status) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(base.resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(status, response.statusCode(), "POST " + path + ": " + new String(response.body()));
        return Json.tree(response.body());
    }

    private static void until(String what, BooleanSupplier condition, Supplier<String> lastSeen) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + ": not within " + WAIT.toSeconds() + " s; last seen: " + lastSeen.get());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
