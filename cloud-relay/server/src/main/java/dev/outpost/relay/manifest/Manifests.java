package dev.outpost.relay.manifest;

import dev.outpost.api.json.CanonicalJson;
import dev.outpost.api.json.Json;
import dev.outpost.api.manifest.Manifest;
import dev.outpost.api.manifest.ManifestCatalog;
import dev.outpost.api.manifest.ManifestEntry;
import dev.outpost.api.sign.SignedDocument;
import dev.outpost.relay.blob.Blobs;
import dev.outpost.relay.catalog.Catalogs;
import dev.outpost.relay.http.HttpProblem;
import dev.outpost.relay.plan.Plans;
import dev.outpost.relay.store.Store;
import dev.outpost.relay.store.Tx;
import dev.outpost.relay.stores.StoreDirectory;
import dev.outpost.relay.stores.StoreProfile;
import io.javalin.http.HttpStatus;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-site signed manifests (ARCHITECTURE.md §4). A site's manifest is signed again, with the next sequence number,
 * only when what it says changes (an activation passing, a plan or poison changing, a promo window opening) or when
 * the last one is older than {@code manifest.reissue-after}; otherwise the same document (and ETag) is served, so a
 * site polling every 30 s mostly gets 304. The sequence is kept in the store, so every relay on one database
 * continues it, and only ever grows.
 *
 * <p>Each relay keeps the document it last served a site, with the menu generation it was made at and the instant
 * it stops being right (the next activation or promo edge, or its reissue time): while the store's generation is
 * the same and that instant has not come, a poll costs one read of the generation, no timeline and no write.
 */
public final class Manifests {
    private final Store store;
    private final InstantSource clock;
    private final ManifestConfig config;
    private final Optional<ManifestKeys> keys;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(long generation, Instant validUntil, Issued issued) {
    }

    public Manifests(Store store, InstantSource clock, ManifestConfig config) {
        this.store = store;
        this.clock = clock;
        this.config = config;
        this.keys = ManifestKeys.load(config.keysDir());
    }

    /** A site's current manifest document and its sequence (the ETag is {@code "m-<sequence>"}). */
    public record Issued(SignedDocument document, long sequence) {
        public String etag() {
            return "\"m-" + sequence + "\"";
        }
    }

    public Issued issue(String siteId) {
        ManifestKeys signing = keys.orElseThrow(() -> new HttpProblem(HttpStatus.SERVICE_UNAVAILABLE, "site " + siteId
                + ": this relay has no manifest signing key in " + config.keysDir() + " (make one with ./outpost admin"
                + " make-signing-keys)"));
        long generation = store.read("menu_generation", StoreDirectory::menuGeneration);
        Cached cached = cache.get(siteId);
        if (cached != null && cached.generation() == generation && clock.instant().isBefore(cached.validUntil())) {
            return cached.issued();
        }
        for (int attempt = 1; ; attempt++) {
            Optional<Cached> issued = store.inTransaction("manifest", tx -> tryIssue(tx, siteId, signing));
            if (issued.isPresent()) {
                cache.put(siteId, issued.get());
                return issued.get().issued();
            }
            if (attempt == 3) {
                throw new IllegalStateException("site " + siteId + ": the manifest sequence kept moving under us");
            }
        }
    }

    /**
     * Whether the site should pull its manifest now: something changed since it last fetched one, or it is in the
     * store directory and has never fetched one (it may have been told 404 before it was added).
     */
    public boolean pullNow(String siteId) {
        return store.inTransaction("manifest_pull", tx -> {
            Optional<Long> fetched = tx.queryOne("SELECT fetched_generation FROM manifest_site WHERE site_id = ?",
                    rs -> rs.getLong(1), siteId);
            return fetched.isPresent() ? fetched.get() < StoreDirectory.menuGeneration(tx)
                    : StoreDirectory.find(tx, siteId).isPresent();
        });
    }

    /**
     * What the live plans put on {@code store}'s screens at {@code at}, one entry per variant and locale, as its
     * manifest's {@code current} says it (a poisoned version shows as its safe one).
     */
    public static List<ManifestEntry> planned(Tx tx, StoreProfile store, List<Plans.Poison> poisons, Instant at)
            throws SQLException {
        return SiteTimeline.of(tx, store, poisons).current(at);
    }

    private record Last(long sequence, String content, Instant issuedAt, String document) {
    }

    /** Empty when another relay issued the site's next manifest meanwhile: try again on what it wrote. */
    private Optional<Cached> tryIssue(Tx tx, String siteId, ManifestKeys signing) throws SQLException {
        long generation = StoreDirectory.menuGeneration(tx);
        StoreProfile profile = StoreDirectory.find(tx, siteId).orElseThrow(() -> HttpProblem.notFound("site " + siteId
                + ": not in the store directory, so it has no menus (an admin adds it with PUT /v1/stores/" + siteId + ")"));
        Instant now = clock.instant();
        List<Plans.Poison> poisons = Plans.poisons(tx);
        SiteTimeline timeline = SiteTimeline.of(tx, profile, poisons);
        List<ManifestEntry> current = timeline.current(now);
        List<ManifestEntry> upcoming = timeline.upcoming(now, now.plus(config.horizon()));
        List<String> poisoned = poisons.stream().map(p -> p.variantId() + "/v" + p.number()).toList();
        List<ManifestCatalog> catalogs = Catalogs.forSite(tx, profile);
        Map<String, Object> says = new HashMap<>(Map.of("current", current, "upcoming", upcoming, "poisoned",
                poisoned));
        if (!catalogs.isEmpty()) { // a site without catalogs keeps the content hash (and manifest) it had before them
            says.put("catalogs", catalogs);
        }
        String content = Blobs.sha256(CanonicalJson.canonicalize(Json.toTree(says)));
        Optional<Last> last = tx.queryOne("SELECT sequence, content_sha256, issued_at, document FROM manifest_site"
                + " WHERE site_id = ?", rs -> new Last(rs.getLong(1), rs.getString(2), Instant.parse(rs.getString(3)),
                rs.getString(4)), siteId);
        // right until the next activation or promo edge, and no longer than until it is signed again
        Instant nextChange = upcoming.isEmpty() ? Instant.MAX : upcoming.get(0).activateAt();
        if (last.isPresent() && last.get().content().equals(content)
                && now.isBefore(last.get().issuedAt().plus(config.reissueAfter()))) {
            tx.update("UPDATE manifest_site SET fetched_generation = ? WHERE site_id = ? AND fetched_generation < ?",
                    generation, siteId, generation);
            Instant validUntil = min(nextChange, last.get().issuedAt().plus(config.reissueAfter()));
            return Optional.of(new Cached(generation, validUntil, new Issued(Json.read(last.get().document(),
                    SignedDocument.class), last.get().sequence())));
        }
        long sequence = last.map(l -> l.sequence() + 1).orElse(1L);
        Manifest manifest = new Manifest(siteId, sequence, now, now.plus(config.ttl()), now, config.nextPoll(), current,
                upcoming, poisoned, signing.keyring(), catalogs);
        SignedDocument document = SignedDocument.sign(manifest, signing.publisher());
        String text = Json.writeString(document);
        int written = last.isPresent()
                ? tx.update("UPDATE manifest_site SET sequence = ?, content_sha256 = ?, issued_at = ?, document = ?,"
                        + " fetched_generation = ? WHERE site_id = ? AND sequence = ?", sequence, content, now.toString(), text,
                        generation, siteId, last.get().sequence())
                : tx.update("INSERT INTO manifest_site (site_id, sequence, content_sha256, issued_at, document,"
                        + " fetched_generation) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (site_id) DO NOTHING", siteId, sequence,
                        content, now.toString(), text, generation);
        return written == 1 ? Optional.of(new Cached(generation, min(nextChange, now.plus(config.reissueAfter())),
                new Issued(document, sequence))) : Optional.empty();
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
