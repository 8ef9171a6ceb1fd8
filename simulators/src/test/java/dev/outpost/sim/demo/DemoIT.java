package dev.outpost.sim.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./outpost demo} as a user runs it: the demo process from the built jar, its output read line by line, its
 * commands typed on stdin, and SIGTERM (as Ctrl-C) stopping every process it started.
 */
@Tag("integration")
class DemoIT {
    static final Duration START = Duration.ofSeconds(120);
    static final Duration ANSWER = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    Process demo;
    final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() throws InterruptedException {
        if (demo != null && demo.isAlive()) {
            demo.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theDemoRunsAChainWithALiveMallTakesCommandsAndStopsEverythingOnSigterm() throws Exception {
        Path root = Path.of(System.getProperty("outpost.root"));
        String java = ProcessHandle.current().info().command().orElse("java");
        demo = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-jar",
                root.resolve("simulators/target/simulators.jar").toString(), "demo", "--root", root.toString(),
                "--dir", dir.toString()).redirectErrorStream(true).start();
        Thread.ofVirtual().start(this::read);
        PrintStream in = new PrintStream(demo.getOutputStream(), true, StandardCharsets.UTF_8);

        // lines are read stripped (see read())
        URI console = URI.create(next(START, l -> l.startsWith("Console:")).split("\\s+")[1]);
        String[] publisher = next(ANSWER, l -> l.startsWith("Login:      publisher / ")).split("\\s+");
        URI menus = URI.create(next(ANSWER, l -> l.startsWith("Menus:")).split("\\s+")[1]);
        URI screens = URI.create(next(ANSWER, l -> l.startsWith("Screens:")).split("\\s+")[1]);
        Matcher till = Pattern.compile("cashier (\\S+) PIN (\\d{4})").matcher(next(ANSWER, l -> l.startsWith("POS:")));
        assertTrue(till.find(), "the POS line names a cashier and a PIN");
        URI kitchenScreen = URI.create(next(ANSWER, l -> l.startsWith("Kitchen:")).split("\\s+")[1]);
        String ready = next(START, l -> l.startsWith("All 8 devices reported to the relay"));
        assertTrue(ready.endsWith("Ctrl-C stops everything."), ready);
        next(ANSWER, l -> l.contains("help"));
        List<Long> pids = demo.descendants().map(ProcessHandle::pid).toList();
        assertTrue(pids.size() >= 11, "relay, 2 appliances, 5 screens, 3 gates: " + pids);

        JsonNode variants = asStaff(console, "publisher", publisher[3], "/v1/variants");
        assertEquals("main", variants.at("/variants/0/id").textValue(), variants.toString());
        assertEquals(1, variants.at("/variants/0/published").intValue(), "the demo menu is published");
        JsonNode plans = asStaff(console, "publisher", publisher[3], "/v1/plans");
        assertEquals("ACTIVE", plans.at("/plans/0/state").textValue(), "and live at store-0001: " + plans);

        JsonNode held = storeHoldsTheDemoMenu(menus);
        assertEquals("FRESH", held.path("tier").textValue(), held.toString());
        for (JsonNode blob : held.path("blobs")) {
            String sha = blob.path("sha256").textValue();
            HttpResponse<byte[]> served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    menus.resolve("/blobs/sha256/" + sha)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, served.statusCode());
            assertEquals(sha, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(served.body())),
                    "store-0001 serves the demo menu's blob by its hash");
        }

        in.println("crowd");
        assertTrue(next(ANSWER, l -> l.startsWith("mall-0001: ")).contains(" inside (most at once "));
        in.println("fire gate-2");
        assertEquals("gate-2: fire loop open: the turnstile is released and the gate goes FIRE_OPEN",
                next(ANSWER, l -> l.startsWith("gate-2: ")));
        in.println("wan cut");
        assertEquals("mall-0001: WAN cut", next(ANSWER, l -> l.startsWith("mall-0001: WAN")));
        in.println("fire gate-9");
        assertTrue(next(ANSWER, l -> l.contains("gate-9")).startsWith("no simulated turnstile for gate gate-9"));

        // while the screens wait for the flip (DemoMenus.FIRST_FLIP after seeding), the counter sells with the store's
        // WAN cut; the sale is cooked at the kitchen screen and called in the lobby. The flip needs no WAN: the blob is held.
        URI store = menus.resolve("/");
        json(ANSWER, store.resolve("/v1/pos/status"), status -> status.path("catalog_version").isNumber());
        in.println("wan cut store-0001");
        assertEquals("store-0001: WAN cut", next(ANSWER, l -> l.startsWith("store-0001: WAN")));
        json(ANSWER, store.resolve("/v1/pos/status"), status -> !status.path("relay_reachable").asBoolean());
        String token = call(store, "POST", "/v1/pos/login", null, "{\"terminal_id\": \"pos-1\", \"employee_id\": \""
                + till.group(1) + "\", \"pin\": \"" + till.group(2) + "\"}", 201).get("token").asText();
        String sale = call(store, "POST", "/v1/pos/transactions", token, null, 201).get("transaction_id").asText();
        call(store, "POST", "/v1/pos/transactions/" + sale + "/items", token, "{\"barcode\": \"2000000000015\"}", 200);
        assertEquals(973, call(store, "POST", "/v1/pos/transactions/" + sale + "/finalize", token, null, 200)
                .get("total_minor").asLong(), "a Big Burger, 8.99 + 8.25 % tax");
        assertEquals("PAID", call(store, "POST", "/v1/pos/transactions/" + sale + "/payments/cash", token,
                "{\"amount_minor\": 1000}", 200).get("state").asText());
        JsonNode kitchen = json(ANSWER, store.resolve("/v1/kds/kitchen"), k -> k.path("tickets").size() == 1);
        long number = kitchen.at("/tickets/0/number").asLong();
        screenSays(kitchenScreen.resolve("/kds/fragment"), "Big Burger");
        assertEquals(number, json(ANSWER, store.resolve("/v1/lobby"), l -> l.path("preparing").size() == 1)
                .at("/preparing/0").asLong(), "the lobby calls it");
        in.println("wan heal store-0001");
        assertEquals("store-0001: WAN healed", next(ANSWER, l -> l.startsWith("store-0001: WAN")));
        json(ANSWER, store.resolve("/v1/pos/status"), status -> status.path("relay_reachable").asBoolean());

        JsonNode board = screenShows(screens, "main/v1", Duration.ofSeconds(90));
        assertEquals("FRESH", board.path("tier").asText(), board.toString());
        assertFalse(board.path("autonomous").asBoolean(), "the appliance committed the flip: " + board);

        demo.toHandle().destroy(); // SIGTERM, as Ctrl-C
        next(START, l -> l.equals("Outpost demo: stopped."));
        assertTrue(demo.waitFor(60, TimeUnit.SECONDS), "the demo exits");
        for (long pid : pids) {
            assertTrue(ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "process " + pid + " stopped");
        }
    }

    private void read() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line.strip());
            }
        } catch (IOException e) {
            lines.add("(output ended: " + e + ")");
        }
    }

    private String next(Duration within, Predicate<String> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        StringBuilder seen = new StringBuilder();
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("no such line within " + within.toSeconds() + " s; the demo said:\n" + seen);
            }
            if (wanted.test(line)) {
                return line;
            }
            seen.append(line).append('\n');
        }
    }

    /** store-0001's {@code /v1/menus} once it holds the demo menu, current in both locales. */
    private static JsonNode storeHoldsTheDemoMenu(URI menus) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + ANSWER.toNanos();
        String last = "nothing";
        while (System.nanoTime() - deadline < 0) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(menus).build(), HttpResponse.BodyHandlers.ofString());
            last = answer.statusCode() + " " + answer.body();
            if (answer.statusCode() == 200) {
                JsonNode view = Json.tree(answer.body());
                List<JsonNode> slots = new java.util.ArrayList<>();
                view.path("slots").forEach(slots::add);
                // planned a little ahead, so the screens flip to it: upcoming and pre-fetched (or current by now)
                if (slots.size() == 2 && slots.stream().allMatch(s -> heldV1(s.path("current"))
                        || heldV1(s.at("/upcoming/0")))) {
                    return view;
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        throw new AssertionError("store-0001 does not hold the demo menu within " + ANSWER.toSeconds() + " s: " + last);
    }

    private static boolean heldV1(JsonNode entry) {
        return entry.path("version_id").asText().equals("main/v1") && entry.path("held").asBoolean();
    }

    /** Waits until the screen at {@code board} shows {@code version} (its /status), committed by the appliance. */
    private static JsonNode screenShows(URI board, String version, Duration within) throws Exception {
        return json(within, board.resolve("/status"), status -> version.equals(status.path("menu_version").asText()));
    }

    /** The JSON answer of {@code uri} once it passes {@code wanted}, polled until {@code within}. */
    private static JsonNode json(Duration within, URI uri, Predicate<JsonNode> wanted) throws Exception {
        return Json.tree(answer(within, uri, body -> wanted.test(Json.tree(body))));
    }

    /** Waits until the screen's page at {@code uri} shows {@code text}. */
    private static void screenSays(URI uri, String text) throws Exception {
        answer(ANSWER, uri, body -> body.contains(text));
    }

    private static String answer(Duration within, URI uri, Predicate<String> wanted) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + within.toNanos();
        String last = "nothing";
        while (System.nanoTime() - deadline < 0) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            last = answer.statusCode() + " " + answer.body();
            if (answer.statusCode() == 200 && wanted.test(answer.body())) {
                return answer.body();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        throw new AssertionError(uri + ": not as expected within " + within.toSeconds() + " s: " + last);
    }

    /** A request to the store's LAN API as a till sends it; asserts the status. */
    private static JsonNode call(URI store, String method, String path, String token, String body, int status)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(store.resolve(path)).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> answer = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(status, answer.statusCode(), method + " " + path + ": " + answer.body());
        return Json.tree(answer.body());
    }

    /** GETs a staff document from the demo's relay, logged in as {@code user}. */
    private static JsonNode asStaff(URI relay, String user, String password, String path) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(relay.resolve("/v1/auth/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode(), login.body());
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(relay.resolve(path)).header("Cookie", cookie)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        return Json.tree(answer.body());
    }
}
