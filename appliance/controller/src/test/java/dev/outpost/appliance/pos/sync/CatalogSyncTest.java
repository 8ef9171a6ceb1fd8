package dev.outpost.appliance.pos.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.catalog.CatalogDocument;
import dev.outpost.api.client.RelayException;
import dev.outpost.api.json.Json;
import dev.outpost.api.manifest.Manifest;
import dev.outpost.api.manifest.ManifestCatalog;
import dev.outpost.api.sign.SignedDocument;
import dev.outpost.appliance.menu.BlobFiles;
import dev.outpost.appliance.menu.HeldManifest;
import dev.outpost.appliance.pos.catalog.CatalogSink;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CatalogSyncTest {
    static final Instant NOW = Instant.parse("2026-11-21T09:00:00Z");
    static final String EFFECTIVE = "2026-11-21T10:00:00Z";
    static final String SNAPSHOT = """
            {"catalog": "main", "version": %d, "kind": "snapshot", "effective_at": "%s", "currency": "USD",
             "tax_rates": [{"id": "food", "name": "Food", "basis_points": 825, "included": false}],
             "categories": [{"id": "drinks", "name": "Drinks"}],
             "skus": [{"sku": "COLA", "name": "Cola", "category": "drinks", "tax_rate": "food", "price_minor": %d,
                       "barcodes": ["1"]}], "store_prices": [], "price_changes": [], "promotions": []}""";
    static final String DELTA = """
            {"catalog": "main", "version": 2, "kind": "delta", "base_version": 1, "effective_at": "%s", "currency": "USD",
             "tax_rates": [], "categories": [], "skus": [{"sku": "COLA", "name": "Cola", "category": "drinks",
             "tax_rate": "food", "price_minor": 209, "barcodes": ["1"]}], "store_prices": [], "price_changes": [],
             "promotions": [], "removed": {"tax_rates": [], "categories": [], "skus": [], "store_prices": [],
             "price_changes": [], "promotions": []}}""".formatted(EFFECTIVE);

    final Map<URI, byte[]> relay = new HashMap<>();
    final List<URI> fetched = new ArrayList<>();
    final AtomicLong ticker = new AtomicLong();
    final Sink sink = new Sink();
    Manifest manifest;

    /** Holds a version it is told, records offers; refuses deltas when told to. */
    static final class Sink implements CatalogSink {
        OptionalLong held = OptionalLong.empty();
        final List<String> offers = new ArrayList<>();
        boolean refuseDeltas;

        @Override
        public OptionalLong heldVersion(String catalog) {
            return held;
        }

        @Override
        public Offered offer(CatalogDocument document) {
            if (refuseDeltas && !document.isSnapshot()) {
                throw new IllegalArgumentException("catalog main: the delta does not fit what is held");
            }
            offers.add(document.kind().json() + " v" + document.version());
            return Offered.APPLIED;
        }
    }

    final CatalogSync sync = CatalogSync.create("store-1", () -> Optional.of(new HeldManifest(
            SignedDocument.sign(manifest), manifest, Set.of())), url -> {
                fetched.add(url);
                byte[] bytes = relay.get(url);
                if (bytes == null) {
                    throw new RelayException(404, "blob " + url + ": 404", null);
                }
                return bytes;
            }, sink, InstantSource.fixed(NOW), ticker::get);

    /** Puts {@code json} at the relay under the sha256 {@code claimed} (its own when null); returns that name. */
    String serve(String json, String claimed) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        String sha = claimed != null ? claimed : BlobFiles.sha256(bytes);
        relay.put(url(sha), bytes);
        return sha;
    }

    static URI url(String sha) {
        return URI.create("/blobs/sha256/" + sha);
    }

    void offer(String snapshotSha, String deltaSha) {
        offerVersion(2, snapshotSha, 1, deltaSha);
    }

    void offerVersion(long version, String snapshotSha, long deltaFrom, String deltaSha) {
        List<ManifestCatalog.Delta> deltas = deltaSha == null ? List.of()
                : List.of(new ManifestCatalog.Delta(deltaFrom, deltaSha, url(deltaSha)));
        manifest = new Manifest("store-1", 7, NOW, NOW.plus(Duration.ofDays(1)), NOW, Duration.ofSeconds(30), List.of(),
                List.of(), List.of(), SignedDocument.sign(Json.tree("{}")), List.of(new ManifestCatalog("main", version,
                snapshotSha, url(snapshotSha), Instant.parse(EFFECTIVE), deltas)));
    }

    CatalogSyncView.Catalog status() {
        return sync.view().catalogs().getFirst();
    }

    @Test
    void aSiteHoldingNothingTakesTheSnapshotOneHoldingTheBaseTheDeltaAndEachIsHandedOnce() {
        String v2 = serve(SNAPSHOT.formatted(2, EFFECTIVE, 209), null);
        String v2delta = serve(DELTA, null);
        offer(v2, v2delta);
        sync.tick();
        assertEquals(List.of("snapshot v2"), sink.offers);
        assertEquals("HANDED", status().state());
        assertEquals("snapshot", status().handedVia());
        sync.tick();
        assertEquals(1, fetched.size(), "handed once: not fetched again while the POS waits for its effective time");

        // v3 while v2 waits for its effective time (the POS has applied nothing yet): the delta from v2
        String v3delta = serve(DELTA.replace("\"version\": 2", "\"version\": 3").replace("\"base_version\": 1",
                "\"base_version\": 2").replace("209", "219"), null);
        offerVersion(3, serve(SNAPSHOT.formatted(3, EFFECTIVE, 219), null), 2, v3delta);
        sync.tick();
        assertEquals(List.of("snapshot v2", "delta v3"), sink.offers);
        assertEquals(url(v3delta), fetched.getLast());

        offer(v2, v2delta);
        Sink base = new Sink();
        base.held = OptionalLong.of(1);
        CatalogSync fromOne = CatalogSync.create("store-1", () -> Optional.of(new HeldManifest(SignedDocument.sign(
                manifest), manifest, Set.of())), relay::get, base, InstantSource.fixed(NOW), ticker::get);
        fromOne.tick();
        assertEquals(List.of("delta v2"), base.offers);
        assertEquals("delta from v1", fromOne.view().catalogs().getFirst().handedVia());
        base.held = OptionalLong.of(2);
        fromOne.tick();
        assertEquals("HELD", fromOne.view().catalogs().getFirst().state());
    }

    @Test
    void aBlobThatDoesNotHashToItsNameIsRefusedNothingHandedAndTriedAgainWithBackoff() {
        String good = SNAPSHOT.formatted(2, EFFECTIVE, 209);
        String sha = BlobFiles.sha256(good.getBytes(StandardCharsets.UTF_8));
        serve(good.replace("209", "1"), sha);
        offer(sha, null);
        sync.tick();
        assertEquals(List.of(), sink.offers);
        assertEquals("FAILED", status().state());
        assertTrue(status().lastError().startsWith("catalog main v2 (snapshot): refused: the relay sent "),
                status().lastError());
        assertEquals(NOW.plusSeconds(1), status().retryAt());
        sync.tick();
        assertEquals(1, fetched.size(), "not before its backoff");
        ticker.addAndGet(Duration.ofSeconds(1).toNanos());
        serve(good, null);
        sync.tick();
        assertEquals(2, fetched.size());
        assertEquals(List.of("snapshot v2"), sink.offers);
        assertNull(status().lastError(), "cleared once handed");
    }

    @Test
    void aDocumentThatIsNotTheVersionNamedOrNotACatalogIsRefused() {
        offer(serve(SNAPSHOT.formatted(1, EFFECTIVE, 199), null), null);
        sync.tick();
        assertEquals("catalog main v2 (snapshot): refused: the blob holds catalog main v1, the manifest names catalog"
                + " main v2; nothing applied", status().lastError());
        offer(serve(SNAPSHOT.formatted(2, "2026-11-22T10:00:00Z", 199), null), null);
        ticker.addAndGet(Duration.ofMinutes(10).toNanos());
        sync.tick();
        assertEquals("catalog main v2 (snapshot): refused: it takes effect at 2026-11-22T10:00:00Z, the manifest says "
                + EFFECTIVE + "; nothing applied", status().lastError());
        offer(serve("{\"menu\": true}", null), null);
        ticker.addAndGet(Duration.ofMinutes(10).toNanos());
        sync.tick();
        assertTrue(status().lastError().startsWith("catalog main v2 (snapshot): refused: catalog: "), status().lastError());
        assertEquals(List.of(), sink.offers);
    }

    @Test
    void aDeltaThePosDoesNotTakeIsFollowedByTheSnapshotAtOnce() {
        sink.held = OptionalLong.of(1);
        sink.refuseDeltas = true;
        offer(serve(SNAPSHOT.formatted(2, EFFECTIVE, 209), null), serve(DELTA, null));
        sync.tick();
        assertEquals(List.of(), sink.offers);
        assertEquals("catalog main v2 (delta from v1): the POS did not take it: catalog main: the delta does not fit"
                + " what is held", status().lastError());
        sync.tick();
        assertEquals(List.of("snapshot v2"), sink.offers);
    }
}
