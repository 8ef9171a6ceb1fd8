package dev.outpost.sim.flip;

import static org.junit.jupiter.api.Assertions.fail;

import dev.outpost.api.event.EventBatchResult;
import dev.outpost.api.event.EventEnvelope;
import dev.outpost.api.event.EventTypes;
import dev.outpost.api.event.FlipResult;
import dev.outpost.api.logging.LogFormat;
import dev.outpost.api.logging.LogSettings;
import dev.outpost.api.manifest.Manifest;
import dev.outpost.api.manifest.ManifestEntry;
import dev.outpost.api.password.PasswordHash;
import dev.outpost.api.sign.Keyring;
import dev.outpost.api.sign.KeyringEntry;
import dev.outpost.api.sign.SignedDocument;
import dev.outpost.api.sign.SigningKey;
import dev.outpost.appliance.flip.FlipConfig;
import dev.outpost.appliance.flip.FlipCoordinator;
import dev.outpost.appliance.flip.FlipView;
import dev.outpost.appliance.menu.HeldManifest;
import dev.outpost.appliance.outbox.Outbox;
import dev.outpost.display.DisplayAgent;
import dev.outpost.display.DisplayConfig;
import dev.outpost.display.DisplayRole;
import dev.outpost.display.menu.MenuSettings;
import dev.outpost.site.broker.BrokerConfig;
import dev.outpost.site.broker.Credential;
import dev.outpost.site.broker.Role;
import dev.outpost.site.broker.SiteBroker;
import dev.outpost.site.clock.ClockServer;
import dev.outpost.site.mqtt.ClientConfig;
import dev.outpost.site.mqtt.SiteMqttClient;
import dev.outpost.site.presence.DeviceSettings;
import java.io.IOException;
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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A site for flip tests: the site broker, the appliance's flip coordinator and clock server on its own connection,
 * the blobs it holds served by hash on loopback HTTP (what {@code MenuRoutes} serves from menu sync), a signed
 * manifest standing in for menu sync's, and real display agents — all on one controllable clock, an agent's own
 * clock possibly off it. No relay: menu sync is tested in {@code ApplianceMenuSyncIT}; the coordinator's outbox sends
 * to a list that stands in for it ({@link #reported}).
 */
final class FlipSite implements AutoCloseable {
    static final String SITE = "store-1";
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
    final AtomicReference<HeldManifest> held = new AtomicReference<>();
    final Map<String, DisplayAgent> agents = new LinkedHashMap<>();
    final Set<String> present = ConcurrentHashMap.newKeySet();
    final Path dir;
    private final SiteBroker broker;
    private final SiteMqttClient hub;
    private final ClockServer clockServer;
    private final BlobServer blobs;
    FlipCoordinator coordinator;
    Outbox outbox;
    final List<EventEnvelope> reported = new CopyOnWriteArrayList<>();
    private FlipConfig config;

    FlipSite(Path dir, int displays, FlipConfig config) throws IOException {
        this.dir = dir;
        this.config = config;
        Map<String, Credential> accounts = new LinkedHashMap<>();
        accounts.put("appliance", new Credential(Role.APPLIANCE, PasswordHash.hash("appliance-pw".toCharArray(), 1_000)));
        for (int i = 1; i <= displays; i++) {
            accounts.put("board-" + i, new Credential(Role.DEVICE, PasswordHash.hash(("board-" + i + "-pw").toCharArray(), 1_000)));
        }
        broker = SiteBroker.start(new BrokerConfig(SITE, "127.0.0.1", 0, Optional.empty(),
                BrokerConfig.DEFAULT_MAX_MESSAGE_BYTES, accounts));
        hub = SiteMqttClient.connect(new ClientConfig(brokerUri(), "appliance", "appliance", "appliance-pw".toCharArray(),
                Optional.empty(), Duration.ofSeconds(2), Duration.ofMillis(50), Duration.ofMillis(400), Duration.ofSeconds(5)));
        await(hub.connected());
        clockServer = ClockServer.start(hub, SITE, clock);
        await(clockServer.ready());
        blobs = BlobServer.start();
        startCoordinator();
    }

    void startCoordinator() {
        outbox = Outbox.open(SITE, dir.resolve("appliance/outbox.db"), batch -> {
            reported.addAll(batch.events());
            return new EventBatchResult(batch.events().stream().map(EventEnvelope::eventId).toList(), List.of(),
                    List.of());
        }, clock, System::nanoTime);
        coordinator = FlipCoordinator.start(SITE, config, hub, () -> Optional.ofNullable(held.get()), present::contains,
                clock, dir.resolve("appliance"), outbox);
    }

    /** The reports the relay received from the site's outbox, of {@code type}, read by their contract. */
    List<Object> reported(String type) {
        return reported.stream().filter(e -> e.type().equals(type))
                .map(e -> EventTypes.payload(e.type(), e.payload()).orElseThrow()).toList();
    }

    /** Waits for the relay to have a {@code flip.commit} or {@code flip.abort} report and returns it. */
    FlipResult outcome() {
        until("the flip's outcome reported", () -> reported.stream().anyMatch(e -> e.type().equals("flip.commit")
                || e.type().equals("flip.abort")));
        EventEnvelope e = reported.stream().filter(r -> r.type().equals("flip.commit") || r.type().equals("flip.abort"))
                .findFirst().orElseThrow();
        return (FlipResult) EventTypes.payload(e.type(), e.payload()).orElseThrow();
    }

    /** The appliance dies: no decision goes out any more (the broker, on its own box here, stays). */
    void killCoordinator() {
        coordinator.close();
        outbox.close();
    }

    URI brokerUri() {
        return ClientConfig.tcp("127.0.0.1", broker.port());
    }

    DisplayAgent start(int n, Duration skew) throws IOException {
        return start(n, skew, root);
    }

    /** Starts {@code board-n}, its own clock {@code skew} off the site's, trusting {@code rootKey}; waits for its site clock. */
    DisplayAgent start(int n, Duration skew, SigningKey rootKey) throws IOException {
        String id = "board-" + n;
        DeviceSettings device = new DeviceSettings(SITE, id, brokerUri(), id + "-pw", "127.0.0.1", 0,
                Duration.ofSeconds(10), dir.resolve(id));
        MenuSettings menu = new MenuSettings(Optional.of(rootKey.publicKey()), "main", "en-US",
                blobs.uri(), MenuSettings.DEFAULT_GRACE);
        DisplayAgent agent = DisplayAgent.create(new DisplayConfig(device, DisplayRole.BOARD, menu,
                new LogSettings(LogFormat.TEXT, LogSettings.LogLevel.WARN)), () -> now.get().plus(skew));
        agent.start();
        agents.put(id, agent);
        until(id + " synced to the site clock", () -> agent.siteClock().isSynced());
        for (int i = 0; i < 5; i++) { // the first exchange is slow (JIT, connection): the estimate keeps the fastest
            await(agent.siteClock().client().orElseThrow().sync());
        }
        present.add(id);
        return agent;
    }

    void stop(String id) {
        present.remove(id);
        DisplayAgent agent = agents.remove(id);
        if (agent != null) {
            agent.close();
        }
    }

    /** Menu sync has accepted a manifest listing {@code v} (main/en-US, price {@code price}) at {@code at}, and holds its blob. */
    ManifestEntry plan(String version, int price, Instant at, long sequence) {
        return hold(version, price, at, sequence, false);
    }

    /** Holds a manifest whose current entry is {@code version}, active since {@code since}. */
    ManifestEntry current(String version, int price, Instant since, long sequence) {
        return hold(version, price, since, sequence, true);
    }

    private ManifestEntry hold(String version, int price, Instant at, long sequence, boolean current) {
        byte[] bytes = ("{\"items\": {\"fries\": {\"price\": " + price + "}}}").getBytes(StandardCharsets.UTF_8);
        String sha = blobs.put(bytes);
        ManifestEntry entry = new ManifestEntry("main", version, "en-US", sha, at, URI.create("/blobs/sha256/" + sha));
        SignedDocument keyring = new Keyring(1, T0.minus(Duration.ofDays(30)), List.of(KeyringEntry.of(
                publisher.publicKey(), List.of("publisher"), T0.minus(Duration.ofDays(30)), T0.plus(Duration.ofDays(365)))))
                .signedBy(root);
        Manifest manifest = new Manifest(SITE, sequence, now.get().minusSeconds(60), now.get().plus(Duration.ofDays(3)),
                now.get(), Duration.ofSeconds(30), current ? List.of(entry) : List.of(), current ? List.of() : List.of(entry),
                List.of(), keyring);
        held.set(new HeldManifest(SignedDocument.sign(manifest, publisher), manifest, blobs.held()));
        return entry;
    }

    /** Moves the site's clock and lets the coordinator look at once. */
    void at(Instant instant) {
        now.set(instant);
        coordinator.wake();
    }

    FlipView.Flip flip() {
        List<FlipView.Flip> flips = coordinator.view().flips();
        if (flips.isEmpty()) {
            fail("no flip recorded");
        }
        return flips.getFirst();
    }

    FlipView.Flip until(String what, java.util.function.Predicate<FlipView.Flip> condition) {
        AtomicReference<FlipView.Flip> last = new AtomicReference<>();
        until(what, () -> {
            List<FlipView.Flip> flips = coordinator.view().flips();
            if (flips.isEmpty()) {
                return false;
            }
            last.set(flips.getFirst());
            return condition.test(last.get());
        }, last::get);
        return last.get();
    }

    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("not done within " + WAIT + ": " + e, e);
        }
    }

    static void until(String what, BooleanSupplier condition) {
        until(what, condition, () -> "");
    }

    static void until(String what, BooleanSupplier condition, java.util.function.Supplier<Object> state) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail(what + ": not true within " + WAIT.toSeconds() + " s; last: " + state.get());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    @Override
    public void close() {
        new ArrayList<>(agents.keySet()).forEach(this::stop);
        if (coordinator != null) {
            coordinator.close();
            outbox.close();
        }
        blobs.close();
        clockServer.close();
        hub.close();
        // in the background: Moquette's stop closes the port at once, then waits out Netty's 2 s shutdown quiet period
        Thread.ofVirtual().name("test-broker-close").start(broker::close);
    }
}
