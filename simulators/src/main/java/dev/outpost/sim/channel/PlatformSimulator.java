package dev.outpost.sim.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.outpost.api.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An order platform's menu API, as channel publishing talks to it: {@code POST /menu} with an
 * {@code Idempotency-Key} header and {@code {"channel", "item", "key", "value"}} (or {@code "removed": true}).
 * It de-duplicates by key as a careful platform does: a key it has answered gets the same answer again and is never
 * applied twice. Each request with a new key takes the next {@link Behaviour} scripted for its item (accept when
 * none is): accept, reject with a reason, fail (503), or time out — before applying, or after applying with the
 * answer lost, the case that makes a sender retry something already done.
 */
public final class PlatformSimulator implements AutoCloseable {
    public static final String PATH = "/menu";

    /** What the platform does with the next new key for an item. */
    public enum Behaviour {
        ACCEPT,
        /** 422 with the scripted reason; the same key gets the same refusal. */
        REJECT,
        /** 503, nothing applied; a retry may succeed. */
        FAIL,
        /** Nothing applied and no answer until the sender gives up. */
        TIMEOUT_BEFORE_APPLYING,
        /** Applied, but the answer never leaves: the sender sees a timeout. */
        TIMEOUT_AFTER_APPLYING
    }

    private record Step(Behaviour behaviour, String reason) {
    }

    private record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "platform-simulator");
        thread.setDaemon(true);
        return thread;
    });
    private final Duration hangFor;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Map<String, ArrayDeque<Step>> scripts = new HashMap<>();
    private final Map<String, Answer> answered = new HashMap<>();
    private final Map<String, Integer> applied = new HashMap<>();
    private final Map<String, JsonNode> menu = new TreeMap<>();
    private int requests;
    private int duplicates;

    private PlatformSimulator(HttpServer server, Duration hangFor) {
        this.server = server;
        this.hangFor = hangFor;
    }

    /**
     * Listens on {@code host:port} (0: any free port). A timeout holds its request for {@code hangFor} or until
     * {@link #close()}, whichever is first, then drops the connection without an answer.
     */
    public static PlatformSimulator start(String host, int port, Duration hangFor) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        PlatformSimulator simulator = new PlatformSimulator(server, hangFor);
        server.setExecutor(simulator.threads);
        server.createContext(PATH, simulator::handle);
        server.start();
        return simulator;
    }

    /** Where the relay's order-platform channel should point. */
    public URI endpoint() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getHostString() + ":" + address.getPort() + PATH);
    }

    /** The next requests with new keys for {@code item} behave so, in order; then it accepts again. */
    public synchronized void script(String item, Behaviour... next) {
        for (Behaviour b : next) {
            scripts.computeIfAbsent(item, i -> new ArrayDeque<>()).add(new Step(b, b == Behaviour.REJECT
                    ? "item " + item + ": refused by the platform" : null));
        }
    }

    /** The next new key for {@code item} is refused with {@code reason}. */
    public synchronized void reject(String item, String reason) {
        scripts.computeIfAbsent(item, i -> new ArrayDeque<>()).add(new Step(Behaviour.REJECT, reason));
    }

    /** The menu as applied: item → the value last applied (removed items are absent). */
    public synchronized Map<String, JsonNode> menu() {
        return Map.copyOf(menu);
    }

    /** How many times each key was applied: never more than once. */
    public synchronized Map<String, Integer> applied() {
        return Map.copyOf(applied);
    }

    /** Every request, duplicates included. */
    public synchronized int requests() {
        return requests;
    }

    /** Requests whose key had been answered before, answered the same way and not applied again. */
    public synchronized int duplicates() {
        return duplicates;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                send(exchange, new Answer(405, reason("only POST " + PATH)));
                return;
            }
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            JsonNode body;
            try {
                body = Json.tree(exchange.getRequestBody().readAllBytes());
            } catch (RuntimeException e) {
                send(exchange, new Answer(400, reason("the body must be JSON: " + e.getMessage())));
                return;
            }
            String item = body.path("item").asText("");
            if (key == null || key.isBlank() || item.isBlank() || !(body.has("value") || body.has("removed"))) {
                send(exchange, new Answer(400, reason("needs an Idempotency-Key header, an item, and a value or"
                        + " \"removed\": true")));
                return;
            }
            Step step;
            Answer answer;
            synchronized (this) {
                requests++;
                Answer before = answered.get(key);
                if (before != null) {
                    duplicates++;
                    answer = before;
                    step = new Step(Behaviour.ACCEPT, null);
                } else {
                    ArrayDeque<Step> script = scripts.get(item);
                    step = script == null || script.isEmpty() ? new Step(Behaviour.ACCEPT, null) : script.poll();
                    answer = switch (step.behaviour()) {
                        case ACCEPT, TIMEOUT_AFTER_APPLYING -> {
                            if (body.path("removed").asBoolean(false)) {
                                menu.remove(item);
                            } else {
                                menu.put(item, body.get("value"));
                            }
                            applied.merge(key, 1, Integer::sum);
                            Answer ok = new Answer(200, "{\"status\":\"accepted\"}");
                            answered.put(key, ok);
                            yield ok;
                        }
                        case REJECT -> {
                            Answer refused = new Answer(422, reason(step.reason()));
                            answered.put(key, refused);
                            yield refused;
                        }
                        case FAIL -> new Answer(503, reason("platform: temporarily unavailable"));
                        case TIMEOUT_BEFORE_APPLYING -> null;
                    };
                }
            }
            if (step.behaviour() == Behaviour.TIMEOUT_BEFORE_APPLYING || step.behaviour() == Behaviour.TIMEOUT_AFTER_APPLYING) {
                hang();
                return; // closing the exchange without an answer drops the connection
            }
            send(exchange, answer);
        }
    }

    private void hang() {
        try {
            closing.await(hangFor.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String reason(String text) {
        return Json.writeString(Map.of("reason", text));
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
