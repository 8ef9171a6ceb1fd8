package dev.outpost.display.flip;

import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import dev.outpost.api.logging.LogFormat;
import dev.outpost.api.logging.LogSettings.LogLevel;
import dev.outpost.api.logging.LogSettings;
import dev.outpost.api.manifest.Manifest;
import dev.outpost.api.manifest.ManifestEntry;
import dev.outpost.api.password.PasswordHash;
import dev.outpost.api.sign.Keyring;
import dev.outpost.api.sign.KeyringEntry;
import dev.outpost.api.sign.SignedDocument;
import dev.outpost.api.sign.SigningKey;
import dev.outpost.display.DisplayAgent;
import dev.outpost.display.DisplayConfig;
import dev.outpost.display.DisplayRole;
import dev.outpost.display.menu.MenuFiles;
import dev.outpost.display.menu.MenuSettings;
import dev.outpost.site.broker.BrokerConfig;
import dev.outpost.site.broker.Credential;
import dev.outpost.site.broker.Role;
import dev.outpost.site.broker.SiteBroker;
import dev.outpost.site.clock.ClockServer;
import dev.outpost.site.message.FlipAnswer;
import dev.outpost.site.message.FlipDecision;
import dev.outpost.site.message.FlipPrepare;
import dev.outpost.site.message.FlipReport;
import dev.outpost.site.message.Messages;
import dev.outpost.site.mqtt.ClientConfig;
import dev.outpost.site.mqtt.SiteMqttClient;
import dev.outpost.site.presence.DeviceSettings;
import dev.outpost.site.topic.Topics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A site broker, a scripted appliance (it answers the site clock, serves blobs by hash and publishes prepares and
 * decisions by hand) and display agents, all on one controllable clock; an agent's own clock may run off it.
 */
final class FakeAppliance implements AutoCloseable {
    static final String SITE = "s-1";
    static final Duration WAIT = Duration.ofSeconds(20);
    static final Instant T0 = Instant.parse("2027-03-01T11:00:00Z");

    static SigningKey key(int n) {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) n);
        return SigningKey.fromSeed(seed);
    }

    final SigningKey root = key(1);
    final SigningKey publisher = key(2);
    final AtomicReference<Instant> now = new AtomicReference<>(T0);
    final InstantSource clock = now::get;
    final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    final Map<String, List<FlipAnswer>> answers = new ConcurrentHashMap<>();
    final Map<String, FlipReport> reports = new ConcurrentHashMap<>();
    final Map<String, DisplayAgent> agents = new LinkedHashMap<>();
    final Path dir;
    private final SiteBroker broker;
    private final SiteMqttClient hub;
    private final ClockServer clockServer;
    private final HttpServer http;

    FakeAppliance(Path dir, int displays) throws IOException {
        this.dir = dir;
        Map<String, Credential> accounts = new LinkedHashMap<>();
        accounts.put("hub", new Credential(Role.APPLIANCE, PasswordHash.hash("hub-pw".toCharArray(), 1_000)));
        for (int i = 1; i <= displays; i++) {
            accounts.put("board-" + i, new Credential(Role.DEVICE, PasswordHash.hash(("board-" + i + "-pw").toCharArray(), 1_000)));
        }
        broker = SiteBroker.start(new BrokerConfig(SITE, "127.0.0.1", 0, Optional.empty(),
                BrokerConfig.DEFAULT_MAX_MESSAGE_BYTES, accounts));
        hub = SiteMqttClient.connect(new ClientConfig(brokerUri(), "hub", "hub", "hub-pw".toCharArray(), Optional.empty(),
                Duration.ofSeconds(2), Duration.ofMillis(50), Duration.ofMillis(400), Duration.ofSeconds(5)));
        await(hub.connected());
        clockServer = ClockServer.start(hub, SITE, clock);
        await(clockServer.ready());
        await(hub.subscribe(Topics.allFlipAnswers(SITE), 1, (topic, payload) -> {
            FlipAnswer a = Messages.decodeFrom(SITE, topic, payload, FlipAnswer.class);
            answers.computeIfAbsent(a.deviceId(), d -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(a);
        }));
        await(hub.subscribe(Topics.allFlipReports(SITE), 1, (topic, payload) -> {
            FlipReport r = Messages.decodeFrom(SITE, topic, payload, FlipReport.class);
            reports.put(r.deviceId(), r);
        }));
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        http.createContext("/blobs/sha256/", exchange -> {
            try (exchange) {
                String hex = exchange.getRequestURI().getPath().substring("/blobs/sha256/".length());
                byte[] body = blobs.get(hex);
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        http.start();
    }

    URI brokerUri() {
        return ClientConfig.tcp("127.0.0.1", broker.port());
    }

    URI httpUri() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    /** Starts display {@code board-n} whose own clock runs {@code skew} off the site's, and waits for its site clock. */
    DisplayAgent start(int n, Duration skew) throws IOException {
        String id = "board-" + n;
        DeviceSettings device = new DeviceSettings(SITE, id, brokerUri(), id + "-pw", "127.0.0.1", 0,
                Duration.ofSeconds(10), dir.resolve(id));
        MenuSettings menu = new MenuSettings(Optional.of(root.publicKey()), "main", "en-US", httpUri(),
                MenuSettings.DEFAULT_GRACE);
        DisplayAgent agent = DisplayAgent.create(new DisplayConfig(device, DisplayRole.BOARD, menu,
                new LogSettings(LogFormat.TEXT, LogLevel.WARN)), () -> now.get().plus(skew));
        agent.start();
        agents.put(id, agent);
        until(id + " synced to the site clock", () -> agent.siteClock().isSynced());
        for (int i = 0; i < 5; i++) { // the first exchange is slow (JIT, connection): the estimate keeps the fastest
            await(agent.siteClock().client().orElseThrow().sync());
        }
        return agent;
    }

    void stop(String id) {
        DisplayAgent agent = agents.remove(id);
        if (agent != null) {
            agent.close();
        }
    }

    /** A menu blob whose bytes differ by {@code price}; held by the fake appliance. */
    String blob(int price) {
        byte[] bytes = ("{\"items\": {\"fries\": {\"price\": " + price + "}}}").getBytes(StandardCharsets.UTF_8);
        String sha = MenuFiles.sha256(bytes);
        blobs.put(sha, bytes);
        return sha;
    }

    SignedDocument keyring(SigningKey... publishers) {
        List<KeyringEntry> keys = new ArrayList<>();
        for (SigningKey k : publishers) {
            keys.add(KeyringEntry.of(k.publicKey(), List.of("publisher"), T0.minus(Duration.ofDays(30)),
                    T0.plus(Duration.ofDays(365))));
        }
        return new Keyring(1, T0.minus(Duration.ofDays(30)), keys).signedBy(root);
    }

    static ManifestEntry entry(String version, String sha, Instant at) {
        return new ManifestEntry("main", version, "en-US", sha, at, URI.create("/blobs/sha256/" + sha));
    }

    /** A manifest of site {@code site} with sequence {@code sequence}, listing {@code upcoming}, signed by {@code signer}. */
    SignedDocument manifest(String site, long sequence, Instant expiresAt, SigningKey signer, SignedDocument keyring,
                            ManifestEntry... upcoming) {
        return SignedDocument.sign(new Manifest(site, sequence, now.get().minusSeconds(60), expiresAt, now.get(),
                Duration.ofSeconds(30), List.of(), List.of(upcoming), List.of(), keyring), signer);
    }

    SignedDocument manifest(long sequence, ManifestEntry... upcoming) {
        return manifest(SITE, sequence, now.get().plus(Duration.ofDays(3)), publisher, keyring(publisher), upcoming);
    }

    FlipPrepare prepare(ManifestEntry entry, SignedDocument manifest) {
        return new FlipPrepare(UUID.randomUUID(), entry.variant(), entry.locale(), entry.versionId(), entry.sha256(),
                entry.activateAt(), manifest);
    }

    void send(String device, FlipPrepare prepare) {
        await(hub.publish(Topics.flipPrepare(SITE, device), Messages.encode(prepare), 1, true));
    }

    void send(String device, FlipDecision decision) {
        await(hub.publish(Topics.flipDecision(SITE, device), Messages.encode(decision), 1, true));
    }

    /** The answer of {@code device} to {@code flip}, once it came. */
    FlipAnswer answer(String device, UUID flip) {
        AtomicReference<FlipAnswer> found = new AtomicReference<>();
        until(device + " answered flip " + flip, () -> {
            answers.getOrDefault(device, List.of()).stream().filter(a -> a.flipId().equals(flip)).findFirst()
                    .ifPresent(found::set);
            return found.get() != null;
        });
        return found.get();
    }

    static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("not done within " + WAIT + ": " + e, e);
        }
    }

    static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail(what + ": not true within " + WAIT.toSeconds() + " s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    @Override
    public void close() {
        new ArrayList<>(agents.keySet()).forEach(this::stop);
        http.stop(0);
        clockServer.close();
        hub.close();
        // in the background: Moquette's stop closes the port at once, then waits out Netty's 2 s shutdown quiet period
        Thread.ofVirtual().name("test-broker-close").start(broker::close);
    }
}
