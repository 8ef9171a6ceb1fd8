package dev.outpost.hil.flip;

import dev.outpost.api.event.EventBatchResult;
import dev.outpost.api.event.EventEnvelope;
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
import dev.outpost.hil.Waits;
import dev.outpost.site.broker.BrokerConfig;
import dev.outpost.site.broker.Credential;
import dev.outpost.site.broker.Role;
import dev.outpost.site.broker.SiteBroker;
import dev.outpost.site.clock.ClockServer;
import dev.outpost.site.mqtt.ClientConfig;
import dev.outpost.site.mqtt.SiteMqttClient;
import dev.outpost.sim.flip.BlobServer;
import dev.outpost.site.presence.DeviceSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The sim bench's screens: the appliance's flip coordinator and clock server, the site broker, the blobs served by
 * hash over loopback HTTP, and real display agents, all in this process on the system clock. Each {@link #next}
 * signs a manifest with a new version {@value #AHEAD_MS} ms ahead, PREPARE goes out at once, and the screens commit at
 * the instant as they would in a store. What differs from a store is only the network (loopback)
 * and that the screens share one clock (their site-clock estimate is still exchanged over MQTT).
 */
public final class SimFlips implements FlipSource {
    private static final String SITE = "hil-store";
    /** PREPARE goes out at once: the screens have all of {@link #AHEAD_MS} to fetch, verify and answer. */
    private static final Duration LEAD = Duration.ofSeconds(10);
    /** Long enough for a loaded CI machine (2 cores shared) to prepare three screens; 1 s was not. */
    private static final long AHEAD_MS = 4000;
    private static final Duration LOOK_EVERY = Duration.ofMillis(20);
    private static final Duration STARTUP = Duration.ofSeconds(20);

    private final int screens;
    private final SigningKey root = SigningKey.fromSeed(seed());
    private final SigningKey publisher = SigningKey.fromSeed(seed());
    private final InstantSource clock = InstantSource.system();
    private final AtomicReference<HeldManifest> held = new AtomicReference<>();
    private final Set<String> present = ConcurrentHashMap.newKeySet();
    private final List<DisplayAgent> agents = new ArrayList<>();
    private final SiteBroker broker;
    private final SiteMqttClient hub;
    private final ClockServer clockServer;
    private final BlobServer blobs;
    private final Outbox outbox;
    private final FlipCoordinator coordinator;
    private long sequence;

    private SimFlips(Path dir, int screens) throws IOException {
        this.screens = screens;
        Map<String, Credential> accounts = new LinkedHashMap<>();
        accounts.put("appliance", credential("appliance"));
        for (int i = 1; i <= screens; i++) {
            accounts.put(screen(i), credential(screen(i)));
        }
        broker = SiteBroker.start(new BrokerConfig(SITE, "127.0.0.1", 0, Optional.empty(),
                BrokerConfig.DEFAULT_MAX_MESSAGE_BYTES, accounts));
        hub = SiteMqttClient.connect(new ClientConfig(brokerUri(), "appliance", "appliance", password("appliance"),
                Optional.empty(), Duration.ofSeconds(2), Duration.ofMillis(50), Duration.ofMillis(400),
                Duration.ofSeconds(5)));
        await(hub.connected());
        clockServer = ClockServer.start(hub, SITE, clock);
        await(clockServer.ready());
        blobs = BlobServer.start();
        // no relay on the sim bench: the flip reports the coordinator hands its outbox are taken and dropped
        outbox = Outbox.open(SITE, dir.resolve("appliance/outbox.db"), batch -> new EventBatchResult(
                batch.events().stream().map(EventEnvelope::eventId).toList(), List.of(), List.of()), clock,
                System::nanoTime);
        coordinator = FlipCoordinator.start(SITE, new FlipConfig(LEAD, false, FlipConfig.DEFAULT_MIXED_BOUND), hub,
                () -> Optional.ofNullable(held.get()), present::contains, clock, dir.resolve("appliance"), outbox);
        try {
            for (int i = 1; i <= screens; i++) {
                startScreen(dir, i);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts the site and {@code screens} display agents, each synced to the site clock. */
    public static SimFlips start(Path dir, int screens) throws IOException {
        return new SimFlips(dir, screens);
    }

    private void startScreen(Path dir, int n) throws IOException {
        String id = screen(n);
        DeviceSettings device = new DeviceSettings(SITE, id, brokerUri(), new String(password(id)), "127.0.0.1", 0,
                Duration.ofSeconds(10), dir.resolve(id));
        MenuSettings menu = new MenuSettings(Optional.of(root.publicKey()), "main", "en-US",
                blobs.uri(), MenuSettings.DEFAULT_GRACE);
        DisplayAgent agent = DisplayAgent.create(new DisplayConfig(device, DisplayRole.BOARD, menu,
                new LogSettings(LogFormat.TEXT, LogSettings.LogLevel.WARN)), clock);
        agent.start();
        agents.add(agent);
        if (Waits.until(STARTUP, () -> agent.siteClock().isSynced()).isEmpty()) {
            throw new IOException("sim flips: " + id + " did not sync to the site clock within " + STARTUP.toSeconds()
                    + " s");
        }
        present.add(id);
    }

    @Override
    public int screens() {
        return screens;
    }

    @Override
    public String describe() {
        return screens + " in-process menu boards on a loopback site broker";
    }

    @Override
    public Optional<FlipView.Flip> next(Duration deadline) {
        sequence++;
        String version = "main/v" + sequence;
        Instant at = clock.instant().plusMillis(AHEAD_MS);
        plan(version, at);
        coordinator.wake();
        AtomicReference<FlipView.Flip> done = new AtomicReference<>();
        Waits.until(deadline, LOOK_EVERY, () -> {
            coordinator.view().flips().stream().filter(f -> f.versionId().equals(version) && FlipSource.reported(f))
                    .findFirst().ifPresent(done::set);
            return done.get() != null;
        });
        return Optional.ofNullable(done.get());
    }

    /** Menu sync has accepted a manifest listing {@code version} at {@code at} and holds its blob. */
    private void plan(String version, Instant at) {
        byte[] bytes = ("{\"items\": {\"fries\": {\"price\": " + (300 + sequence) + "}}}")
                .getBytes(StandardCharsets.UTF_8);
        String sha = blobs.put(bytes);
        Instant now = clock.instant();
        ManifestEntry entry = new ManifestEntry("main", version, "en-US", sha, at, URI.create("/blobs/sha256/" + sha));
        SignedDocument keyring = new Keyring(1, now.minus(Duration.ofDays(1)), List.of(KeyringEntry.of(
                publisher.publicKey(), List.of("publisher"), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)))))
                .signedBy(root);
        Manifest manifest = new Manifest(SITE, sequence, now.minusSeconds(60), now.plus(Duration.ofDays(1)), now,
                Duration.ofSeconds(30), List.of(), List.of(entry), List.of(), keyring);
        held.set(new HeldManifest(SignedDocument.sign(manifest, publisher), manifest, blobs.held()));
    }

    private URI brokerUri() {
        return ClientConfig.tcp("127.0.0.1", broker.port());
    }

    private static String screen(int n) {
        return "board-" + n;
    }

    private static char[] password(String account) {
        return (account + "-pw").toCharArray();
    }

    private static Credential credential(String account) {
        return new Credential(account.equals("appliance") ? Role.APPLIANCE : Role.DEVICE,
                PasswordHash.hash(password(account), 1_000));
    }

    private static byte[] seed() {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        return seed;
    }

    private static <T> T await(CompletableFuture<T> future) throws IOException {
        try {
            return future.get(STARTUP.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IOException("sim flips: the site did not start within " + STARTUP.toSeconds() + " s: " + e, e);
        }
    }

    @Override
    public void close() {
        present.clear();
        agents.forEach(DisplayAgent::close);
        coordinator.close();
        outbox.close();
        blobs.close();
        clockServer.close();
        hub.close();
        broker.close();
    }
}
