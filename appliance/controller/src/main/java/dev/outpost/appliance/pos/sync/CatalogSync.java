package dev.outpost.appliance.pos.sync;

import dev.outpost.api.catalog.CatalogDocument;
import dev.outpost.api.catalog.CatalogJson;
import dev.outpost.api.client.RelayException;
import dev.outpost.api.json.ContractException;
import dev.outpost.api.manifest.ManifestCatalog;
import dev.outpost.appliance.menu.BlobFiles;
import dev.outpost.appliance.menu.HeldManifest;
import dev.outpost.appliance.outbox.Backoff;
import dev.outpost.appliance.pos.catalog.CatalogSink;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * Brings the site's POS catalogs to the versions its signed manifest names (issue 6). The manifest is the one menu sync
 * fetched and verified ({@link HeldManifest}), not fetched again. For each catalog it names at a version above what the
 * {@link CatalogSink} holds (or was handed and applies later), the sync fetches the delta from that version when the
 * manifest offers one, else the full snapshot; refuses bytes whose SHA-256 is not the manifest's, a document the contract's reader refuses, or one
 * that is not the version named; and hands the parsed document to the sink, once. A failure is logged with what it is
 * about, shown in {@link #view()}, and tried again with backoff; after a failed delta the snapshot is fetched instead.
 * Nothing of a refused blob reaches the sink.
 *
 * <p>One thread does everything, a tick every second (and at once on {@link #wake()}); readers see snapshots.
 */
public final class CatalogSync implements AutoCloseable {
    static final Duration TICK = Duration.ofSeconds(1);
    static final Backoff RETRY = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));

    private final String siteId;
    private final Supplier<Optional<HeldManifest>> manifest;
    private final Function<URI, byte[]> blobs;
    private final CatalogSink sink;
    private final InstantSource clock;
    private final LongSupplier ticker;
    private final ScheduledExecutorService executor;

    // confined to the executor
    private final Map<String, Handed> handed = new HashMap<>();
    private final Map<String, Failure> failures = new HashMap<>();
    private final Set<String> snapshotOnly = new HashSet<>();

    private volatile CatalogSyncView view;

    /** What was last handed to the sink for a catalog. */
    private record Handed(long version, String via, Instant at) {
    }

    /** The last failure for a catalog version, and when to try again (on the ticker). */
    private record Failure(long version, int count, String message, Instant at, long retryAtNanos, Instant retryAt) {
    }

    private CatalogSync(String siteId, Supplier<Optional<HeldManifest>> manifest, Function<URI, byte[]> blobs,
                        CatalogSink sink, InstantSource clock, LongSupplier ticker) {
        this.siteId = siteId;
        this.manifest = manifest;
        this.blobs = blobs;
        this.sink = sink;
        this.clock = clock;
        this.ticker = ticker;
        this.view = new CatalogSyncView(siteId, null, List.of());
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "catalogs-" + siteId);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts syncing the catalogs of the manifests {@code manifest} gives (menu sync's accepted one) into {@code sink},
     * fetching blobs with {@code blobs} (the relay client's {@code blob}: a {@link RelayException} when it cannot).
     */
    public static CatalogSync start(String siteId, Supplier<Optional<HeldManifest>> manifest, Function<URI, byte[]> blobs,
                                    CatalogSink sink, InstantSource clock, LongSupplier ticker) {
        CatalogSync sync = create(siteId, manifest, blobs, sink, clock, ticker);
        sync.executor.scheduleWithFixedDelay(sync::tick, 0, TICK.toNanos(), TimeUnit.NANOSECONDS);
        return sync;
    }

    /** Not started: tests run {@link #tick()} themselves. */
    static CatalogSync create(String siteId, Supplier<Optional<HeldManifest>> manifest, Function<URI, byte[]> blobs,
                              CatalogSink sink, InstantSource clock, LongSupplier ticker) {
        return new CatalogSync(siteId, manifest, blobs, sink, clock, ticker);
    }

    /** Runs a tick now rather than within a second. */
    public void wake() {
        try {
            executor.execute(this::tick);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    /** The catalogs now: offered, held, handed over, and the last error. */
    public CatalogSyncView view() {
        return view;
    }

    void tick() {
        Optional<HeldManifest> held = manifest.get();
        List<ManifestCatalog> catalogs = held.map(h -> h.manifest().catalogs()).orElse(List.of());
        try {
            for (ManifestCatalog catalog : catalogs) {
                sync(catalog);
            }
        } catch (RuntimeException e) {
            Logger.error(e, "site {}: catalog sync failed unexpectedly; trying again at the next tick", siteId);
        } finally {
            refresh(held.map(h -> h.manifest().sequence()).orElse(null), catalogs);
        }
    }

    private void sync(ManifestCatalog catalog) {
        String name = catalog.catalog();
        OptionalLong applied = sink.heldVersion(name);
        Handed last = handed.get(name);
        // what the POS will hold: a version handed over may still wait for its effective time
        OptionalLong held = last != null && (applied.isEmpty() || last.version() > applied.getAsLong())
                ? OptionalLong.of(last.version()) : applied;
        if (held.isPresent() && held.getAsLong() >= catalog.version()) {
            failures.remove(name);
            return;
        }
        Failure failure = failures.get(name);
        if (failure != null && failure.version() == catalog.version() && ticker.getAsLong() - failure.retryAtNanos() < 0) {
            return;
        }
        Optional<ManifestCatalog.Delta> delta = held.isPresent() && !snapshotOnly.contains(key(catalog))
                ? catalog.deltaFrom(held.getAsLong()) : Optional.empty();
        String via = delta.map(d -> "delta from v" + d.fromVersion()).orElse("snapshot");
        String what = "catalog " + name + " v" + catalog.version() + " (" + via + ")";
        URI url = delta.map(ManifestCatalog.Delta::blobUrl).orElse(catalog.blobUrl());
        String sha = delta.map(ManifestCatalog.Delta::sha256).orElse(catalog.sha256());
        byte[] bytes;
        try {
            bytes = blobs.apply(url);
        } catch (RelayException e) {
            failed(catalog, what + ": not fetched: " + e.getMessage(), false);
            return;
        }
        String actual = BlobFiles.sha256(bytes);
        if (!actual.equals(sha)) {
            failed(catalog, what + ": refused: the relay sent " + bytes.length + " bytes whose sha256 is " + actual
                    + ", the manifest says " + sha + "; nothing applied", delta.isPresent());
            return;
        }
        CatalogDocument document;
        try {
            document = CatalogJson.read(bytes);
        } catch (ContractException e) {
            failed(catalog, what + ": refused: " + e.getMessage() + "; nothing applied", delta.isPresent());
            return;
        }
        String mismatch = mismatch(catalog, document, delta);
        if (mismatch != null) {
            failed(catalog, what + ": refused: " + mismatch + "; nothing applied", delta.isPresent());
            return;
        }
        try {
            sink.offer(document);
        } catch (RuntimeException e) {
            failed(catalog, what + ": the POS did not take it: " + e.getMessage(), delta.isPresent());
            return;
        }
        handed.put(name, new Handed(catalog.version(), via, clock.instant()));
        failures.remove(name);
        snapshotOnly.remove(key(catalog));
        Logger.info("site {}: {} handed to the POS, {} bytes, effective {}", siteId, what, bytes.length,
                document.effectiveAt());
    }

    /** Why {@code document} is not what the manifest named, or null when it is. */
    private static String mismatch(ManifestCatalog catalog, CatalogDocument document, Optional<ManifestCatalog.Delta> delta) {
        if (!document.catalog().equals(catalog.catalog()) || document.version() != catalog.version()) {
            return "the blob holds " + document.label() + ", the manifest names catalog " + catalog.catalog() + " v"
                    + catalog.version();
        }
        if (delta.isPresent() != (document.kind() == CatalogDocument.Kind.DELTA)) {
            return "the blob is a " + document.kind().json() + ", the manifest names a "
                    + (delta.isPresent() ? "delta" : "snapshot");
        }
        if (delta.isPresent() && document.baseVersion().getAsLong() != delta.get().fromVersion()) {
            return "the delta applies on v" + document.baseVersion().getAsLong() + ", the manifest says v"
                    + delta.get().fromVersion();
        }
        if (!document.effectiveAt().equals(catalog.effectiveAt())) {
            return "it takes effect at " + document.effectiveAt() + ", the manifest says " + catalog.effectiveAt();
        }
        return null;
    }

    private void failed(ManifestCatalog catalog, String message, boolean wasDelta) {
        String name = catalog.catalog();
        Failure last = failures.get(name);
        int count = last != null && last.version() == catalog.version() ? last.count() + 1 : 1;
        Duration pause = RETRY.after(count);
        if (wasDelta) {
            snapshotOnly.add(key(catalog)); // the snapshot next time: it needs nothing held to fit
            pause = Duration.ZERO;
        }
        if (last == null || !last.message().equals(message)) {
            Logger.error("site {}: {}; will try again{}", siteId, message, wasDelta ? " with the snapshot" : " in " + pause);
        }
        Instant now = clock.instant();
        failures.put(name, new Failure(catalog.version(), count, message, now, ticker.getAsLong() + pause.toNanos(),
                now.plus(pause)));
    }

    private static String key(ManifestCatalog catalog) {
        return catalog.catalog() + "/v" + catalog.version();
    }

    private void refresh(Long sequence, List<ManifestCatalog> catalogs) {
        List<CatalogSyncView.Catalog> out = new ArrayList<>();
        for (ManifestCatalog c : catalogs) {
            OptionalLong held = sink.heldVersion(c.catalog());
            Handed last = handed.get(c.catalog());
            Failure failure = failures.get(c.catalog());
            String state = held.isPresent() && held.getAsLong() >= c.version() ? "HELD"
                    : last != null && last.version() >= c.version() ? "HANDED"
                    : failure != null && failure.version() == c.version() ? "FAILED" : "FETCHING";
            out.add(new CatalogSyncView.Catalog(c.catalog(), c.version(), c.effectiveAt(),
                    held.isPresent() ? held.getAsLong() : null, state, last == null ? null : last.version(),
                    last == null ? null : last.via(), last == null ? null : last.at(),
                    failure == null ? null : failure.message(), failure == null ? null : failure.at(),
                    failure == null ? null : failure.retryAt()));
        }
        view = new CatalogSyncView(siteId, sequence, out);
    }

    /** Stops syncing; a fetch in flight is interrupted. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
