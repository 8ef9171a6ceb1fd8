package dev.outpost.api.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.outpost.api.event.EventBatch;
import dev.outpost.api.event.EventBatchResult;
import dev.outpost.api.event.EventEnvelope;
import dev.outpost.api.event.UuidV7;
import dev.outpost.api.heartbeat.DeviceStatus;
import dev.outpost.api.heartbeat.Heartbeat;
import dev.outpost.api.heartbeat.HeartbeatReply;
import dev.outpost.api.json.Json;
import dev.outpost.api.lease.LeaseAcquire;
import dev.outpost.api.lease.LeaseGrant;
import dev.outpost.api.lease.LeaseReconcile;
import dev.outpost.api.lease.LeaseRelease;
import dev.outpost.api.lease.LeaseRenew;
import dev.outpost.api.lease.LeaseSettled;
import dev.outpost.api.lease.MallState;
import dev.outpost.api.sign.SignedDocument;
import dev.outpost.api.sign.SigningKey;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class RelayClientIT {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final Heartbeat HEARTBEAT = new Heartbeat("s-1", NOW, "1.4.2",
            List.of(new DeviceStatus("board-1", "board", "menu-41", "ok", NOW)), List.of(), 4096);

    final Map<String, String> seen = new ConcurrentHashMap<>();
    final CountDownLatch release = new CountDownLatch(1);
    ExecutorService executor;
    HttpServer server;
    URI base;

    @BeforeEach
    void start() throws IOException {
        executor = Executors.newCachedThreadPool();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    void route(String path, HttpHandler handler) {
        server.createContext(path, handler);
    }

    static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    RelayClient client() {
        return RelayClient.create(RelayClient.Options.of(base).withRequestTimeout(Duration.ofSeconds(5)));
    }

    @Test
    void heartbeatRoundTrip() {
        route("/v1/sites/s-1/heartbeat", exchange -> {
            seen.put("method", exchange.getRequestMethod());
            seen.put("content-type", exchange.getRequestHeaders().getFirst("Content-Type"));
            seen.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            reply(exchange, 200, "{\"server_time\":\"2026-06-01T12:00:01Z\",\"pull_now\":true}");
        });
        try (RelayClient client = client()) {
            HeartbeatReply answer = client.heartbeat("s-1", HEARTBEAT);
            assertEquals(new HeartbeatReply(Instant.parse("2026-06-01T12:00:01Z"), true), answer);
        }
        assertEquals("POST", seen.get("method"));
        assertEquals("application/json", seen.get("content-type"));
        assertEquals(HEARTBEAT, Heartbeat.read(seen.get("body").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void eventsRoundTrip() {
        EventEnvelope event = new EventEnvelope(new UuidV7(InstantSource.fixed(NOW)).next(), "s-1", "gate-3",
                "gate.admit", NOW, 1, Json.toTree(Map.of("left", 4)));
        route("/v1/sites/s-1/events", exchange -> {
            EventBatch batch = Json.read(exchange.getRequestBody().readAllBytes(), EventBatch.class);
            reply(exchange, 200, Json.writeString(new EventBatchResult(List.of(batch.events().get(0).eventId()), List.of(), List.of())));
        });
        try (RelayClient client = client()) {
            EventBatchResult result = client.postEvents("s-1", new EventBatch(List.of(event)));
            assertEquals(List.of(event.eventId()), result.accepted());
        }
    }

    @Test
    void manifestHonoursTheEtag() {
        SigningKey key = SigningKey.fromSeed(new byte[32]);
        SignedDocument document = SignedDocument.sign(Map.of("site_id", "s-1", "sequence", 10), key);
        route("/v1/sites/s-1/manifest", exchange -> {
            String condition = exchange.getRequestHeaders().getFirst("If-None-Match");
            seen.merge("conditions", String.valueOf(condition), (a, b) -> a + "," + b);
            if ("\"m-10\"".equals(condition)) {
                exchange.sendResponseHeaders(304, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().set("ETag", "\"m-10\"");
            reply(exchange, 200, Json.writeString(document));
        });
        try (RelayClient client = client()) {
            FetchedManifest fetched = client.manifest("s-1", null).orElseThrow();
            assertEquals(document, fetched.document());
            assertEquals(Optional.of("\"m-10\""), fetched.etag());
            assertEquals(Optional.empty(), client.manifest("s-1", fetched.etag().orElseThrow()));
        }
        assertEquals("null,\"m-10\"", seen.get("conditions"));
    }

    @Test
    void aBlockIsAcquiredAndARefusalIsA409ThatSaysWhy() {
        UUID key = UUID.randomUUID();
        LeaseAcquire ask = new LeaseAcquire(key, "m-1", "s-1", 20, Duration.ofSeconds(60), 0);
        LeaseGrant granted = new LeaseGrant(key, UUID.randomUUID(), "m-1", "s-1", 15, 0, Duration.ofSeconds(60));
        route("/v1/sites/s-1/blocks", exchange -> {
            seen.put("method", exchange.getRequestMethod());
            LeaseAcquire body = Json.read(exchange.getRequestBody().readAllBytes(), LeaseAcquire.class);
            if (seen.putIfAbsent("body", Json.writeString(body)) == null) {
                reply(exchange, 200, Json.writeString(granted));
            } else {
                reply(exchange, 409, "{\"error\":\"mall m-1: admissions suspended, mode is EVACUATE\"}");
            }
        });
        try (RelayClient client = client()) {
            assertEquals(granted, client.acquireBlock("s-1", ask));
            RelayException refused = assertThrows(RelayException.class, () -> client.acquireBlock("s-1", ask));
            assertEquals(409, refused.status().orElseThrow());
            assertEquals("relay " + base + ": POST /v1/sites/s-1/blocks: 409 mall m-1: admissions suspended, mode is EVACUATE",
                    refused.getMessage());
        }
        assertEquals("POST", seen.get("method"));
        assertEquals(ask, Json.read(seen.get("body"), LeaseAcquire.class));
    }

    @Test
    void renewReleaseAndReconcileGoToTheLeasesPath() {
        UUID key = UUID.randomUUID();
        UUID lease = UUID.randomUUID();
        route("/v1/sites/s-1/blocks/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            seen.merge("paths", path, (a, b) -> a + "," + b);
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (path.endsWith("/renew")) {
                LeaseRenew renew = Json.read(body, LeaseRenew.class);
                reply(exchange, 200, Json.writeString(new LeaseGrant(renew.idempotencyKey(), renew.leaseId(), "m-1", "s-1", 8, 2,
                        renew.ttl())));
            } else {
                reply(exchange, 200, Json.writeString(new LeaseSettled(key, lease, "m-1", "s-1",
                        path.endsWith("/release") ? "CLOSED" : "ACTIVE", 0, -1)));
            }
        });
        try (RelayClient client = client()) {
            LeaseGrant renewed = client.renewBlock("s-1", new LeaseRenew(key, lease, "m-1", "s-1", 10,
                    Duration.ofSeconds(60), 3, 1, 0, 0));
            assertEquals(List.of(8, 2), List.of(renewed.tokens(), renewed.revoked()));
            assertEquals("ACTIVE", client.reconcileBlock("s-1", new LeaseReconcile(key, lease, "m-1", "s-1", 4, 1, 0, 0)).state());
            assertEquals("CLOSED", client.releaseBlock("s-1", new LeaseRelease(key, lease, "m-1", "s-1", 5, 1, 0, 0)).state());
        }
        String prefix = "/v1/sites/s-1/blocks/" + lease;
        assertEquals(prefix + "/renew," + prefix + "/reconcile," + prefix + "/release", seen.get("paths"));
    }

    @Test
    void theMallStatePollNamesTheVersionAndTheWait() {
        MallState state = new MallState("m-1", 800, "EVACUATE", "KNOWN", 2, 42, NOW);
        route("/v1/sites/s-1/mall", exchange -> {
            seen.put("query", exchange.getRequestURI().getQuery());
            reply(exchange, 200, Json.writeString(state));
        });
        try (RelayClient client = client()) {
            assertEquals(state, client.mallState("s-1", 41, Duration.ofMillis(2500)));
        }
        assertEquals("after=41&wait_ms=2500", seen.get("query"));
    }

    @Test
    void clientErrorCarriesStatusAndTheRelaysMessage() {
        route("/v1/sites/s-1/heartbeat", exchange ->
                reply(exchange, 403, "{\"error\":\"site s-1 does not match the certificate (CN=s-2)\"}"));
        try (RelayClient client = client()) {
            RelayException e = assertThrows(RelayException.class, () -> client.heartbeat("s-1", HEARTBEAT));
            assertEquals(403, e.status().orElseThrow());
            assertEquals("relay " + base + ": POST /v1/sites/s-1/heartbeat: 403 site s-1 does not match the certificate (CN=s-2)",
                    e.getMessage());
        }
    }

    @Test
    void plainTextErrorsAndNotFoundAreShownAsText() {
        route("/v1/sites/s-1/events", exchange -> reply(exchange, 500, "database  is\nlocked"));
        try (RelayClient client = client()) {
            EventBatch batch = new EventBatch(List.of(new EventEnvelope(new UuidV7(InstantSource.fixed(NOW)).next(), "s-1",
                    "gate-3", "gate.admit", NOW, 1, Json.toTree(Map.of()))));
            assertEquals("relay " + base + ": POST /v1/sites/s-1/events: 500 database is locked",
                    assertThrows(RelayException.class, () -> client.postEvents("s-1", batch)).getMessage());
            RelayException missing = assertThrows(RelayException.class, () -> client.manifest("s-9", null));
            assertEquals(404, missing.status().orElseThrow());
            assertTrue(missing.getMessage().startsWith("relay " + base + ": GET /v1/sites/s-9/manifest: 404"), missing.getMessage());
        }
    }

    @Test
    void anInvalidAnswerIsAContractFailure() {
        route("/v1/sites/s-1/heartbeat", exchange -> reply(exchange, 200, "{\"server_time\":\"2026-06-01T12:00:01Z\"}"));
        try (RelayClient client = client()) {
            RelayException e = assertThrows(RelayException.class, () -> client.heartbeat("s-1", HEARTBEAT));
            assertEquals("relay " + base + ": POST /v1/sites/s-1/heartbeat: 200 with an invalid body: "
                    + "heartbeat_reply: missing field 'pull_now'", e.getMessage());
        }
    }

    @Test
    void aRelayThatNeverAnswersTimesOut() {
        route("/v1/sites/s-1/heartbeat", exchange -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        try (RelayClient client = RelayClient.create(RelayClient.Options.of(base).withRequestTimeout(Duration.ofMillis(300)))) {
            RelayException e = assertThrows(RelayException.class, () -> client.heartbeat("s-1", HEARTBEAT));
            assertTrue(e.status().isEmpty());
            assertEquals("relay " + base + ": POST /v1/sites/s-1/heartbeat: no response within 300ms", e.getMessage());
        }
    }

    @Test
    void aClosedPortIsUnreachable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        URI closed = URI.create("http://127.0.0.1:" + port);
        try (RelayClient client = RelayClient.create(RelayClient.Options.of(closed))) {
            RelayException e = assertThrows(RelayException.class, () -> client.heartbeat("s-1", HEARTBEAT));
            assertTrue(e.status().isEmpty());
            assertEquals("relay " + closed + ": unreachable: connection refused", e.getMessage());
        }
    }
}
