package dev.outpost.appliance.menu;

import dev.outpost.api.client.FetchedManifest;
import dev.outpost.api.client.RelayClient;
import dev.outpost.api.client.RelayException;
import dev.outpost.api.json.ContractException;
import dev.outpost.api.manifest.Manifest;
import dev.outpost.api.manifest.ManifestEntry;
import dev.outpost.api.manifest.ManifestVerifier;
import dev.outpost.api.sign.Ed25519PublicKey;
import dev.outpost.api.sign.Keyring;
import dev.outpost.api.sign.SignedDocument;
import dev.outpost.api.sign.VerificationException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.tinylog.Logger;

/**
 * The appliance's side of menus (ARCHITECTURE.md §5.3, §5.5): polls the site's signed manifest, verifies it,
 * pre-fetches its blobs and keeps them for the site's screens.
 *
 * <p>Design: one thread runs everything that changes state, a tick every second and at once on "pull now". A tick
 * polls when the manifest's {@code next_poll} (with ±10% jitter, on the monotonic ticker) has passed or a pull was
 * asked for, then brings the blobs in line with the manifest accepted last ({@link SyncPlan}: poisoned blobs dropped
 * first, then current blobs fetched, then upcoming ones at their {@link Prefetch} moment), collects what {@link
 * Retention} no longer keeps; the {@link Tier} is watched, and told to the screens, by {@code TierWatch}. A manifest
 * is accepted only through {@link ManifestVerifier} with the sequence and keyring floors kept in {@link MenuStore},
 * so neither a replay nor a restart brings an older one back; a refused manifest changes nothing. A blob is written
 * only when its sha256 is the manifest's and served only while its file still hashes to its name. Readers ({@link
 * #view()}, {@link #blob(String)}) see snapshots and never wait for the relay.
 */
public final class MenuSync implements AutoCloseable {
    static final Duration TICK = Duration.ofSeconds(1);
    /** The poll interval until a manifest says otherwise. */
    static final Duration DEFAULT_POLL = Duration.ofSeconds(30);
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);

    private final String siteId;
    private final MenuConfig config;
    private final ManifestVerifier verifier;
    private final Supplier<RelayClient> relay;
    private final InstantSource clock;
    private final LongSupplier ticker;
    private final RandomGenerator random;
    private final MenuStore store;
    private final BlobFiles files;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean pullRequested = new AtomicBoolean(true);

    // confined to the executor (and to open() before it starts)
    private MenuStore.Accepted accepted;
    private Manifest manifest;
    private Duration pollEvery = DEFAULT_POLL;
    private long nextPollAt;
    private String relayError;
    private Instant lastPollAt;
    private final Map<String, Instant> firstSeen = new HashMap<>();
    private final Map<String, Retry> retries = new HashMap<>();

    private volatile Set<String> servable = Set.of();
    private volatile MenuView.Refusal lastRefusal;
    private volatile MenuView view;
    private volatile HeldManifest heldManifest;

    private record Retry(long atNanos, Duration pause) {
    }

    private MenuSync(String siteId, MenuConfig config, Ed25519PublicKey root, Path dataDir, Supplier<RelayClient> relay,
                     InstantSource clock, LongSupplier ticker, RandomGenerator random) {
        this.siteId = siteId;
        this.config = config;
        this.verifier = new ManifestVerifier(root, siteId, clock);
        this.relay = relay;
        this.clock = clock;
        this.ticker = ticker;
        this.random = random;
        this.store = MenuStore.open(dataDir.resolve("menu.db"));
        this.files = new BlobFiles(dataDir.resolve("blobs"));
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "menu-" + siteId);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens menu sync's state in {@code dataDir} ({@code menu.db}, {@code blobs/}), checks every blob held against
     * its hash (a file changed on disk is dropped, to be fetched again), and starts syncing.
     *
     * @throws IllegalArgumentException when {@code config} has no root key (menu sync is off then)
     */
    public static MenuSync start(String siteId, MenuConfig config, Path dataDir, Supplier<RelayClient> relay,
                                 InstantSource clock, LongSupplier ticker, RandomGenerator random) {
        Ed25519PublicKey root = config.rootKey().orElseThrow(() ->
                new IllegalArgumentException("site " + siteId + ": menu sync needs menu.root-key"));
        MenuSync sync = new MenuSync(siteId, config, root, dataDir, relay, clock, ticker, random);
        try {
            sync.open();
        } catch (RuntimeException e) {
            sync.close();
            throw e;
        }
        sync.executor.scheduleWithFixedDelay(sync::tick, 0, TICK.toNanos(), TimeUnit.NANOSECONDS);
        return sync;
    }

    private void open() {
        try {
            files.open();
            Optional<MenuStore.Accepted> held = store.accepted();
            if (held.isPresent()) {
                accepted = held.get();
                manifest = accepted.document().payloadAs(Manifest.class);
                pollEvery = manifest.nextPoll();
            }
            Set<String> recorded = new HashSet<>();
            for (MenuStore.Held blob : store.held()) {
                BlobFiles.Read read = files.read(blob.sha256());
                if (read.bytes().isPresent()) {
                    recorded.add(blob.sha256());
                } else {
                    Logger.warn("site {}: blob {} on disk {}: dropped, to be fetched again", siteId, blob.sha256(),
                            read.tampered() ? "hashes to " + read.actual() + ", not to its name (changed on disk)" : "is missing");
                    files.delete(blob.sha256());
                    store.forget(blob.sha256());
                }
            }
            for (String name : files.names()) {
                if (!recorded.contains(name)) {
                    files.delete(name); // written, but a crash came before it was recorded
                }
            }
        } catch (IOException e) {
            throw new MenuException("site " + siteId + ": menu blobs in " + files.dir() + ": " + e.getMessage(), e);
        }
        Tier tier = currentTier();
        String state = accepted == null ? "no manifest accepted yet"
                : "manifest " + accepted.sequence() + " accepted " + accepted.acceptedAt();
        if (tier == Tier.FRESH) {
            Logger.info("site {}: menu sync on, tier {} ({})", siteId, tier, state);
        } else {
            Logger.warn("site {}: menu sync on, tier {} ({})", siteId, tier, state);
        }
        refresh();
    }

    /** Polls the manifest at once (a heartbeat reply said pull now, or the relay is reachable again). */
    public void pullNow() {
        pullRequested.set(true);
        wake();
    }

    /** Runs a tick now rather than within a second: after a test moves its clock, say. */
    public void wake() {
        try {
            executor.execute(this::tick);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    /** The manifest accepted last and the blobs that may be served now; empty before the first manifest. */
    public Optional<HeldManifest> held() {
        return Optional.ofNullable(heldManifest);
    }

    /** The site's menus now. */
    public MenuView view() {
        return view;
    }

    /**
     * A blob held, for the LAN: empty unless it is held, not poisoned, and its file still hashes to {@code sha256}
     * (a file that does not is dropped, and fetched again).
     */
    public Optional<byte[]> blob(String sha256) {
        if (!servable.contains(sha256)) {
            return Optional.empty();
        }
        try {
            BlobFiles.Read read = files.read(sha256);
            if (read.tampered()) {
                Logger.error("site {}: blob {} on disk hashes to {}: not served, dropped, to be fetched again", siteId,
                        sha256, read.actual());
                lastRefusal = new MenuView.Refusal(clock.instant(), "blob " + sha256, "TAMPERED",
                        "the file on disk hashes to " + read.actual());
                executor.execute(() -> drop(sha256, "changed on disk"));
            }
            return read.bytes();
        } catch (IOException | RejectedExecutionException e) {
            return Optional.empty();
        }
    }

    private void tick() {
        try {
            if (pullRequested.getAndSet(false) || ticker.getAsLong() - nextPollAt >= 0) {
                poll();
            }
            sync();
        } catch (RuntimeException e) {
            Logger.error(e, "site {}: menu sync failed unexpectedly; trying again at the next tick", siteId);
        } finally {
            refresh();
        }
    }

    private void poll() {
        lastPollAt = clock.instant();
        long jittered = (long) (pollEvery.toNanos() * (0.9 + 0.2 * random.nextDouble()));
        nextPollAt = ticker.getAsLong() + jittered;
        Optional<FetchedManifest> fetched;
        try {
            fetched = relay.get().manifest(siteId, accepted == null ? null : accepted.etag());
        } catch (RelayException e) {
            if (relayError == null) {
                Logger.warn("site {}: manifest not fetched, keeping {}; will keep trying: {}", siteId,
                        accepted == null ? "nothing (no manifest yet)" : "manifest " + accepted.sequence(), e.getMessage());
            }
            relayError = e.getMessage();
            return;
        }
        if (relayError != null) {
            Logger.info("site {}: manifest fetched again", siteId);
            relayError = null;
            retries.clear(); // blobs that failed while the relay was away: try them now
        }
        if (fetched.isEmpty()) {
            return;
        }
        SignedDocument document = fetched.get().document();
        if (accepted != null && Arrays.equals(document.signedBytes(), accepted.document().signedBytes())) {
            fetched.get().etag().ifPresent(store::etag);
            accepted = store.accepted().orElseThrow();
            return;
        }
        Manifest verified;
        long keyringVersion;
        try {
            verified = verifier.verify(document, accepted == null ? 0 : accepted.sequence(),
                    accepted == null ? 0 : accepted.keyringVersion());
            keyringVersion = verified.keyring().payloadAs(Keyring.class).version();
        } catch (VerificationException e) {
            refuse(e.reason().name(), e.getMessage());
            return;
        } catch (ContractException | IllegalArgumentException e) {
            refuse("CONTRACT", "manifest: " + e.getMessage());
            return;
        }
        MenuStore.Accepted next = new MenuStore.Accepted(verified.sequence(), keyringVersion, clock.instant(), document,
                fetched.get().etag().orElse(null));
        store.accept(next, verified);
        accepted = next;
        manifest = verified;
        pollEvery = verified.nextPoll();
        Logger.info("site {}: manifest {} accepted ({} current, {} upcoming, poisoned {}, expires {})", siteId,
                verified.sequence(), verified.current().size(), verified.upcoming().size(), verified.poisoned(),
                verified.expiresAt());
    }

    private void refuse(String reason, String message) {
        MenuView.Refusal last = lastRefusal;
        if (last == null || !last.message().equals(message)) {
            Logger.warn("site {}: manifest refused ({}), keeping {}: {}", siteId, reason,
                    accepted == null ? "nothing" : "manifest " + accepted.sequence(), message);
        }
        lastRefusal = new MenuView.Refusal(clock.instant(), "manifest", reason, message);
    }

    private void sync() {
        if (manifest == null) {
            return;
        }
        Instant now = clock.instant();
        Set<String> poisoned = SyncPlan.poisonedBlobs(manifest, store.blobsOf(manifest.poisoned()));
        servable = without(servable, poisoned); // before anything else: a poisoned blob is not served a moment longer
        Set<String> held = heldNames();
        Set<String> upcomingKeys = new HashSet<>();
        for (ManifestEntry entry : manifest.upcoming()) {
            upcomingKeys.add(key(entry));
            firstSeen.putIfAbsent(key(entry), now);
        }
        firstSeen.keySet().retainAll(upcomingKeys);
        for (SyncPlan.Step step : SyncPlan.steps(manifest, poisoned, held, this::due)) {
            switch (step.kind()) {
                case DROP_POISONED -> {
                    drop(step.sha256(), "its version is poisoned (" + String.join(", ", manifest.poisoned()) + ")");
                }
                case FETCH_CURRENT, FETCH_UPCOMING -> fetch(step);
            }
        }
        collect(poisoned);
    }

    private boolean due(ManifestEntry entry) {
        return Prefetch.due(entry.activateAt(), config.prefetchWindow(), Prefetch.fraction(siteId, entry.sha256()),
                firstSeen.getOrDefault(key(entry), clock.instant()), clock.instant());
    }

    private static String key(ManifestEntry entry) {
        return entry.sha256() + "@" + entry.activateAt();
    }

    private void fetch(SyncPlan.Step step) {
        ManifestEntry entry = step.entry();
        String sha = step.sha256();
        Retry retry = retries.get(sha);
        if (retry != null && ticker.getAsLong() - retry.atNanos() < 0) {
            return;
        }
        String what = "blob " + sha + " (" + entry.versionId() + " " + entry.locale() + ", "
                + (step.kind() == SyncPlan.Kind.FETCH_CURRENT ? "current" : "activates " + entry.activateAt()) + ")";
        byte[] bytes;
        try {
            bytes = relay.get().blob(entry.blobUrl());
        } catch (RelayException e) {
            if (retry == null) {
                Logger.warn("site {}: {} not fetched, will try again: {}", siteId, what, e.getMessage());
            }
            failed(sha, retry);
            return;
        }
        String actual = BlobFiles.sha256(bytes);
        if (!actual.equals(sha)) {
            String message = "the relay sent " + bytes.length + " bytes whose sha256 is " + actual + "; nothing written";
            if (retry == null) {
                Logger.error("site {}: {} refused: {}; will try again", siteId, what, message);
            }
            lastRefusal = new MenuView.Refusal(clock.instant(), "blob " + sha, "SHA256_MISMATCH", message);
            failed(sha, retry);
            return;
        }
        try {
            files.write(sha, bytes);
        } catch (IOException e) {
            Logger.error("site {}: {} not written to {}: {}", siteId, what, files.dir(), e.getMessage());
            failed(sha, retry);
            return;
        }
        store.hold(sha, bytes.length, clock.instant());
        retries.remove(sha);
        Set<String> more = new HashSet<>(servable);
        more.add(sha);
        servable = Set.copyOf(more);
        Logger.info("site {}: {} stored, {} bytes", siteId, what, bytes.length);
    }

    private void failed(String sha, Retry last) {
        Duration pause = last == null ? FIRST_RETRY : last.pause().multipliedBy(2);
        if (pause.compareTo(pollEvery) > 0) {
            pause = pollEvery;
        }
        retries.put(sha, new Retry(ticker.getAsLong() + pause.toNanos(), pause));
    }

    private void drop(String sha, String why) {
        servable = without(servable, Set.of(sha));
        try {
            files.delete(sha);
        } catch (IOException e) {
            Logger.error("site {}: blob {} not deleted from {}: {}", siteId, sha, files.dir(), e.getMessage());
        }
        store.forget(sha);
        Logger.warn("site {}: blob {} dropped: {}", siteId, sha, why);
    }

    private void collect(Set<String> poisoned) {
        Set<String> keep = Retention.keep(SyncPlan.referenced(manifest), store.history(), config.keepPrevious(), poisoned);
        for (String sha : Retention.collect(heldNames(), keep)) {
            servable = without(servable, Set.of(sha));
            try {
                files.delete(sha);
            } catch (IOException e) {
                Logger.error("site {}: blob {} not deleted from {}: {}", siteId, sha, files.dir(), e.getMessage());
                continue;
            }
            store.forget(sha);
            Logger.info("site {}: blob {} collected (neither named by manifest {} nor among the last {} current)",
                    siteId, sha, accepted.sequence(), config.keepPrevious() + 1);
        }
    }

    private Set<String> heldNames() {
        Set<String> held = new HashSet<>();
        store.held().forEach(b -> held.add(b.sha256()));
        return held;
    }

    private static Set<String> without(Set<String> set, Set<String> removed) {
        Set<String> out = new HashSet<>(set);
        out.removeAll(removed);
        return Set.copyOf(out);
    }

    private Tier currentTier() {
        return Tier.of(accepted == null ? null : accepted.acceptedAt(), clock.instant(), config.staleAfter(),
                config.expiredAfter());
    }

    /** Publishes what readers see: the blobs that may be served and the view. */
    private void refresh() {
        List<MenuStore.Held> held = store.held();
        Set<String> heldNames = new HashSet<>();
        held.forEach(b -> heldNames.add(b.sha256()));
        Set<String> poisoned = manifest == null ? Set.of()
                : SyncPlan.poisonedBlobs(manifest, store.blobsOf(manifest.poisoned()));
        servable = without(heldNames, poisoned);
        heldManifest = manifest == null ? null : new HeldManifest(accepted.document(), manifest, servable);
        Instant now = clock.instant();
        List<MenuView.Slot> slots = new ArrayList<>();
        if (manifest != null) {
            Map<String, MenuView.Entry> current = new LinkedHashMap<>();
            Map<String, List<MenuView.Entry>> upcoming = new LinkedHashMap<>();
            Map<String, ManifestEntry> any = new LinkedHashMap<>();
            for (ManifestEntry e : manifest.current()) {
                current.put(e.slot(), new MenuView.Entry(e.versionId(), e.sha256(), e.activateAt(),
                        heldNames.contains(e.sha256()), null));
                any.putIfAbsent(e.slot(), e);
            }
            for (ManifestEntry e : manifest.upcoming()) {
                boolean has = heldNames.contains(e.sha256());
                Instant fetchAt = has ? null : due(e) ? now
                        : Prefetch.moment(e.activateAt(), config.prefetchWindow(), Prefetch.fraction(siteId, e.sha256()));
                upcoming.computeIfAbsent(e.slot(), k -> new ArrayList<>())
                        .add(new MenuView.Entry(e.versionId(), e.sha256(), e.activateAt(), has, fetchAt));
                any.putIfAbsent(e.slot(), e);
            }
            any.forEach((slot, e) -> slots.add(new MenuView.Slot(e.variant(), e.locale(), current.get(slot),
                    upcoming.getOrDefault(slot, List.of()))));
        }
        List<MenuView.Blob> blobs = held.stream().map(b -> new MenuView.Blob(b.sha256(), b.size(), b.storedAt())).toList();
        view = new MenuView(siteId, accepted == null ? null : accepted.sequence(),
                accepted == null ? null : accepted.acceptedAt(), manifest == null ? null : manifest.expiresAt(),
                accepted == null ? null : accepted.keyringVersion(), currentTier(),
                accepted == null ? null : Math.max(0, Duration.between(accepted.acceptedAt(), now).toMillis()),
                slots, manifest == null ? List.of() : manifest.poisoned(), blobs, lastRefusal, lastPollAt, relayError);
    }

    /** Stops syncing (a fetch in flight is interrupted) and closes the database; what is held stays for the next start. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
    }
}
