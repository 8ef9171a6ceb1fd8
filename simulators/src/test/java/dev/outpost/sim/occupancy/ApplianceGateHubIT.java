package dev.outpost.sim.occupancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.config.ConfigFile;
import dev.outpost.api.event.EventEnvelope;
import dev.outpost.api.event.UuidV7;
import dev.outpost.api.json.Json;
import dev.outpost.api.password.PasswordHash;
import dev.outpost.appliance.Appliance;
import dev.outpost.appliance.ApplianceConfig;
import dev.outpost.relay.Relay;
import dev.outpost.relay.RelayConfig;
import dev.outpost.relay.occupancy.Mode;
import dev.outpost.relay.occupancy.OccupancyView;
import dev.outpost.site.message.GateJournal;
import dev.outpost.site.message.GateJournalAck;
import dev.outpost.site.message.GateLeaseAsk;
import dev.outpost.site.message.GateLeaseGrant;
import dev.outpost.site.message.MallStatus;
import dev.outpost.site.message.Messages;
import dev.outpost.site.mqtt.ClientConfig;
import dev.outpost.site.mqtt.SiteMqttClient;
import dev.outpost.site.topic.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mall site's appliance with its gate hub, enrolled at a real relay in this JVM (mutual TLS, SQLite ledger), and
 * this test acting as a gate over MQTT: the retained mall status, a lease, a journal that reaches the relay's inbox,
 * and the relay's capacity cut and EVACUATE reaching the gate within a couple of seconds.
 */
@Tag("integration")
class ApplianceGateHubIT {
    static final String SITE = "mall-north";
    static final String MALL = "mall-1";
    static final String GATE = "gate-1";
    static final Duration WAIT = Duration.ofSeconds(30);
    /** How soon a change at the relay must be retained for the gates (the relay reads versions every 250 ms). */
    static final Duration PROMPTLY = Duration.ofSeconds(3);

    @TempDir
    Path dir;
    Relay relay;
    Appliance appliance;
    SiteMqttClient gate;
    final HttpClient http = HttpClient.newHttpClient();
    final UuidV7 ids = new UuidV7(InstantSource.system());
    final Received<MallStatus> modes = new Received<>();
    final Received<GateLeaseGrant> grants = new Received<>();
    final Received<GateJournalAck> acks = new Received<>();

    @BeforeEach
    void start() throws Exception {
        relay = Relay.create(RelayConfig.from(ConfigFile.empty("test").with("http.host", "127.0.0.1").with("http.port", "0")
                .with("https.port", "0").with("data.dir", dir.resolve("relay").toString())), InstantSource.system());
        relay.start();
        relay.ledger().createMall("user:test", MALL, 100, List.of(SITE), "integration test");
        String token = relay.pki().identity().issueToken(SITE, Duration.ofHours(1), "user:test", "integration test");

        Path accounts = Files.writeString(dir.resolve("devices.accounts"),
                GATE + " device " + PasswordHash.hash((GATE + "-pw").toCharArray(), 1_000) + "\n");
        appliance = Appliance.create(ApplianceConfig.from(ConfigFile.empty("test")
                .with("site.id", SITE)
                .with("relay.url", "https://127.0.0.1:" + relay.httpsPort())
                .with("relay.enrollment-token", token)
                .with("http.host", "127.0.0.1").with("http.port", "0")
                .with("broker.host", "127.0.0.1").with("broker.port", "0")
                .with("broker.accounts", accounts.toString())
                .with("data.dir", dir.resolve("appliance").toString())
                .with("gates.mall-id", MALL)
                .with("gates.block-size", "20")
                .with("gates.block-low-water", "5")
                .with("gates.relay-retry", "200ms")
                .with("gates.report-every", "200ms")), InstantSource.system());
        appliance.start();

        gate = SiteMqttClient.connect(new ClientConfig(ClientConfig.tcp("127.0.0.1", appliance.brokerPort()), GATE, GATE,
                (GATE + "-pw").toCharArray(), Optional.empty(), Duration.ofSeconds(2), Duration.ofMillis(50),
                Duration.ofMillis(400)));
        await(gate.connected());
        await(gate.subscribe(Topics.mode(SITE), 1, (t, p) -> modes.add(Messages.decode(p, MallStatus.class))));
        await(gate.subscribe(Topics.gateLeaseGrant(SITE, GATE), 1, (t, p) -> grants.add(Messages.decode(p, GateLeaseGrant.class))));
        await(gate.subscribe(Topics.gateJournalAck(SITE, GATE), 1, (t, p) -> acks.add(Messages.decode(p, GateJournalAck.class))));
    }

    @AfterEach
    void stop() {
        if (gate != null) {
            gate.close();
        }
        if (appliance != null) {
            appliance.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    @Test
    void aGateLeasesJournalsAndHearsTheRelaysCutAndEvacuate() {
        MallStatus status = modes.next();
        assertEquals(MALL, status.mallId());
        assertEquals(MallStatus.Mode.NORMAL, status.mode());
        assertTrue(status.countKnown());
        assertEquals(100, status.capacity());

        until("the hub holds a block with rights to lend", () -> gates().path("block_live").asBoolean()
                && gates().path("pool").asLong() >= 5);
        UUID lease = UUID.randomUUID();
        GateLeaseGrant grant = ask(lease, 5, 0);
        assertTrue(grant.granted(), grant.reason());
        assertEquals(5, grant.tokens());
        assertEquals(lease, grant.leaseId());

        // one person enters: the gate journals it, then reports it on its lease
        EventEnvelope entry = new EventEnvelope(ids.next(), SITE, GATE, "gate.admit", Instant.now(), 1,
                Json.toTree(Map.of("source", "GATE_LEASE", "lease_id", lease.toString())));
        await(gate.publish(Topics.gateJournal(SITE, GATE), Messages.encode(new GateJournal(GATE, List.of(entry))), 1, false));
        assertEquals(1, acks.next().throughSequence());
        until("the relay's inbox holds the entry", () -> relay.store().inTransaction("count", tx -> tx.queryLong(
                "SELECT COUNT(*) FROM inbox_event WHERE site_id = ? AND event_id = ?", SITE, entry.eventId().toString())) == 1);
        until("the relay shows the gate's admission", () -> relay.ledger().view(MALL).gates().stream()
                .anyMatch(g -> g.gateId().equals(GATE) && g.admitsPerMinute() == 1));
        assertTrue(ask(lease, 5, 1).granted());
        until("the relay counts the person inside", () -> relay.ledger().view(MALL).count() == 1);

        long cutAt = System.nanoTime();
        relay.ledger().changeCapacity("user:test", MALL, 50, "integration test: cut");
        MallStatus cut = modes.next(s -> s.capacity() == 50);
        assertPrompt("the capacity cut", cutAt);
        assertEquals(MallStatus.Mode.NORMAL, cut.mode());

        long evacuateAt = System.nanoTime();
        relay.ledger().setMode("user:test", MALL, Mode.EVACUATE, "integration test: drill");
        MallStatus evacuate = modes.next(s -> s.mode() == MallStatus.Mode.EVACUATE);
        assertPrompt("EVACUATE", evacuateAt);
        assertEquals(50, evacuate.capacity());
        GateLeaseGrant noEntries = ask(lease, 5, 1);
        assertEquals(0, noEntries.tokens());
        assertTrue(noEntries.reason().contains("EVACUATE"), noEntries.reason());

        JsonNode view = gates();
        assertEquals("EVACUATE", view.path("mode").asText());
        assertEquals(50, view.path("capacity").asLong());
        assertEquals(1, view.path("used").asLong());
        assertEquals(0, view.path("outbox").path("pending").asLong());
        assertEquals(0, view.path("outbox").path("parked").asLong());
        until("the relay takes the site's rights back", () -> relay.ledger().view(MALL).leasedOut() == 0);
        OccupancyView occupancy = relay.ledger().view(MALL);
        assertEquals(1, occupancy.count());
        assertFalse(occupancy.sites().isEmpty());
    }

    private GateLeaseGrant ask(UUID lease, int want, long used) {
        GateLeaseAsk ask = new GateLeaseAsk(GATE, UUID.randomUUID(), lease, want, 0, used, 0, 0, 0);
        await(gate.publish(Topics.gateLeaseAsk(SITE, GATE), Messages.encode(ask), 1, false));
        return grants.next(g -> g.askId().equals(ask.askId()));
    }

    private static void assertPrompt(String what, long since) {
        Duration took = Duration.ofNanos(System.nanoTime() - since);
        assertTrue(took.compareTo(PROMPTLY) <= 0, what + " reached the gates after " + took.toMillis() + " ms");
    }

    /** The appliance's {@code GET /v1/gates}. */
    private JsonNode gates() {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + appliance.httpPort() + "/v1/gates")).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode());
            return Json.tree(response.body());
        } catch (Exception e) {
            throw new AssertionError("GET /v1/gates: " + e, e);
        }
    }

    private static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail(what + ": not true within " + WAIT.toSeconds() + " s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("not done within " + WAIT + ": " + e, e);
        }
    }

    /** Messages of one subscription, decoded; {@link #next} waits with a deadline. */
    static final class Received<T> {
        private final LinkedBlockingQueue<T> queue = new LinkedBlockingQueue<>();

        void add(T message) {
            queue.add(message);
        }

        T next() {
            return next(m -> true);
        }

        T next(Predicate<T> test) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            try {
                while (true) {
                    T message = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (message == null) {
                        throw new AssertionError("no such message within " + WAIT);
                    }
                    if (test.test(message)) {
                        return message;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
