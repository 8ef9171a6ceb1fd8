package dev.outpost.relay.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.api.catalog.CatalogDocument;
import dev.outpost.api.catalog.CatalogJson;
import dev.outpost.api.json.CanonicalJson;
import dev.outpost.api.json.ContractException;
import dev.outpost.api.json.Json;
import dev.outpost.api.manifest.ManifestCatalog;
import dev.outpost.relay.audit.AuditEntry;
import dev.outpost.relay.audit.AuditLog;
import dev.outpost.relay.blob.Blobs;
import dev.outpost.relay.http.HttpProblem;
import dev.outpost.relay.plan.Plan;
import dev.outpost.relay.plan.Targets;
import dev.outpost.relay.store.Store;
import dev.outpost.relay.store.Tx;
import dev.outpost.relay.stores.StoreDirectory;
import dev.outpost.relay.stores.StoreProfile;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * POS catalogs at the relay (issue 6, {@code pos-contract.md} §1). A publisher publishes a full snapshot; the relay
 * validates it with the contract's reader, gives it the catalog's next version, stores its normal form ({@link
 * CatalogDelta#snapshot}) as a content-addressed blob, and the deltas to it from up to {@value #DELTAS} earlier
 * versions as blobs too. A catalog plan puts a version on the stores its targets match; each store's signed manifest
 * then names that version's snapshot and deltas ({@link #forSite}). Every change is audited and tells sites to pull.
 */
public final class Catalogs {
    /** How many earlier versions a new version gets a delta from. */
    static final int DELTAS = 5;
    static final String MEDIA_TYPE = "application/json";
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final String PLAN_COLUMNS = "id, catalog_id, version, seq, targets_json, percent, created_by, created_at";
    /** Fields the relay sets on a published document, so a publisher must leave them out. */
    private static final List<String> ASSIGNED = List.of("version", "kind", "base_version", "removed");

    private final Store store;
    private final AuditLog audit;
    private final InstantSource clock;

    public Catalogs(Store store, AuditLog audit, InstantSource clock) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    /** One published version, with the deltas to it. */
    public record Version(String catalog, long version, String sha256, URI blobUrl, Instant effectiveAt,
                          String publishedBy, Instant publishedAt, List<Delta> deltas) {
    }

    public record Delta(long fromVersion, String sha256, URI blobUrl, long size) {
    }

    /**
     * A version on the stores a plan's targets match, or on {@code percent} of them: those whose bucket for the
     * version ({@link #salt}) is below it.
     */
    public record CatalogPlan(String id, String catalog, long version, long seq, Targets targets, int percent,
                              String createdBy, Instant createdAt) {
        boolean takes(StoreProfile store) {
            return targets.matches(store) && Plan.bucket(salt(catalog, version), store.siteId()) < percent;
        }
    }

    /** The buckets of a version's plans: one salt per version, so raising its percent only adds stores. */
    public static String salt(String catalog, long version) {
        return catalog + "/v" + version;
    }

    /** A catalog: its latest version and its plans, newest first. */
    public record Summary(String catalog, long latestVersion, Instant createdAt, List<CatalogPlan> plans) {
    }

    /** A published version with its snapshot, as {@code GET .../versions/{v}} answers it. */
    public record VersionView(Version version, JsonNode document) {
    }

    // ---- changes ----

    /**
     * Publishes {@code document} (a snapshot without {@code version} or {@code kind}) as the next version of {@code
     * catalog}. A document the contract refuses is {@link CatalogInvalid} and stores nothing.
     */
    public Version publish(String actor, String catalog, JsonNode document, String reason) {
        checkId(catalog);
        List<CatalogInvalid.Problem> problems = new ArrayList<>();
        if (!document.isObject()) {
            problems.add(new CatalogInvalid.Problem("", "expected a JSON object, was " + document.getNodeType()));
        } else {
            for (String field : ASSIGNED) {
                if (document.has(field)) {
                    problems.add(new CatalogInvalid.Problem("." + field, "the relay sets " + field + " (a published"
                            + " document is a full snapshot and takes the catalog's next version); leave it out"));
                }
            }
            JsonNode named = document.get("catalog");
            if (named != null && !(named.isTextual() && named.textValue().equals(catalog))) {
                problems.add(new CatalogInvalid.Problem(".catalog", "must be " + catalog + " (the catalog published"
                        + " to) or left out, was " + named));
            }
        }
        if (!problems.isEmpty()) {
            throw invalid(catalog, problems);
        }
        return store.inTransaction("catalog_publish", tx -> {
            Instant now = clock.instant();
            tx.update("INSERT INTO catalog (id, latest_version, created_at) VALUES (?, 0, ?) ON CONFLICT (id) DO NOTHING",
                    catalog, now.toString());
            tx.update("UPDATE catalog SET latest_version = latest_version + 1 WHERE id = ?", catalog);
            long version = tx.queryLong("SELECT latest_version FROM catalog WHERE id = ?", catalog);
            ObjectNode stamped = ((ObjectNode) document).deepCopy();
            stamped.put("catalog", catalog);
            stamped.put("version", version);
            stamped.put("kind", "snapshot");
            CatalogDocument parsed;
            try {
                parsed = CatalogJson.read(stamped);
            } catch (ContractException e) {
                throw invalid(catalog, List.of(new CatalogInvalid.Problem(e.path(), e.problem())));
            }
            ObjectNode snapshot = CatalogDelta.snapshot(parsed);
            String sha = Blobs.put(tx, MEDIA_TYPE, CanonicalJson.canonicalize(snapshot), now);
            tx.update("INSERT INTO catalog_version (catalog_id, version, sha256, effective_at, published_by,"
                    + " published_at) VALUES (?, ?, ?, ?, ?, ?)", catalog, version, sha, parsed.effectiveAt().toString(),
                    actor, now.toString());
            for (Version earlier : versions(tx, catalog, version - DELTAS, version - 1)) {
                JsonNode from = Json.tree(Blobs.get(tx, earlier.sha256()).orElseThrow().content(), "catalog");
                byte[] delta = CanonicalJson.canonicalize(CatalogDelta.delta(from, snapshot));
                tx.update("INSERT INTO catalog_delta (catalog_id, version, from_version, sha256, size) VALUES"
                        + " (?, ?, ?, ?, ?)", catalog, version, earlier.version(), Blobs.put(tx, MEDIA_TYPE, delta, now),
                        (long) delta.length);
            }
            Version published = version(tx, catalog, version);
            audit.append(tx, new AuditEntry(actor, "catalog.published", "catalog:" + catalog + "/v" + version, null,
                    Json.toTree(published), reason));
            return published;
        });
    }

    /**
     * Puts version {@code version} of {@code catalog} on the stores {@code targets} matches, or on {@code percent} of
     * them, from now on.
     */
    public CatalogPlan plan(String actor, String catalog, long version, Targets targets, long percent, String reason) {
        if (percent < 1 || percent > 100) {
            throw HttpProblem.badRequest("catalog " + catalog + ": percent must be 1-100, was " + percent);
        }
        return store.inTransaction("catalog_plan", tx -> {
            version(tx, catalog, version); // 404 when not published
            long seq = tx.queryLong("SELECT COALESCE(MAX(seq), 0) + 1 FROM catalog_plan WHERE catalog_id = ?", catalog);
            CatalogPlan plan = new CatalogPlan(UUID.randomUUID().toString(), catalog, version, seq, targets,
                    (int) percent, actor, clock.instant());
            if (StoreDirectory.all(tx).stream().noneMatch(plan::takes)) {
                throw HttpProblem.conflict("catalog " + catalog + ": the plan's targets" + (percent < 100 ? " and "
                        + percent + " %" : "") + " match no store in the directory: " + Json.writeString(targets));
            }
            tx.update("UPDATE catalog SET latest_version = latest_version WHERE id = ?", catalog); // one plan at a time
            tx.update("INSERT INTO catalog_plan (id, catalog_id, version, seq, targets_json, percent, created_by,"
                    + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", plan.id(), catalog, version, seq,
                    Json.writeString(targets), percent, actor, plan.createdAt().toString());
            audit.append(tx, new AuditEntry(actor, "catalog.planned", "catalog:" + catalog + "/v" + version, null,
                    Json.toTree(plan), reason));
            StoreDirectory.menusChanged(tx);
            return plan;
        });
    }

    // ---- reads ----

    public List<Summary> list() {
        return store.inTransaction("catalogs", tx -> {
            List<Summary> out = new ArrayList<>();
            for (Summary row : tx.query("SELECT id, latest_version, created_at FROM catalog ORDER BY id", rs ->
                    new Summary(rs.getString(1), rs.getLong(2), Instant.parse(rs.getString(3)), List.of()))) {
                out.add(new Summary(row.catalog(), row.latestVersion(), row.createdAt(), plans(tx, row.catalog())));
            }
            return out;
        });
    }

    public VersionView view(String catalog, long version) {
        return store.inTransaction("catalog_version", tx -> {
            Version v = version(tx, catalog, version);
            return new VersionView(v, Json.tree(Blobs.get(tx, v.sha256()).orElseThrow().content(), "catalog"));
        });
    }

    /**
     * What {@code store}'s manifest names, one entry per catalog a plan puts on it: the version of the catalog's
     * latest plan that matches the store, its snapshot and its deltas.
     */
    public static List<ManifestCatalog> forSite(Tx tx, StoreProfile store) throws SQLException {
        Map<String, Long> planned = new TreeMap<>();
        for (CatalogPlan plan : tx.query("SELECT " + PLAN_COLUMNS + " FROM catalog_plan ORDER BY catalog_id, seq",
                Catalogs::plan)) {
            if (plan.takes(store)) {
                planned.put(plan.catalog(), plan.version()); // the later plan wins
            }
        }
        List<ManifestCatalog> out = new ArrayList<>();
        for (Map.Entry<String, Long> p : planned.entrySet()) {
            Version v = version(tx, p.getKey(), p.getValue());
            out.add(new ManifestCatalog(v.catalog(), v.version(), v.sha256(), v.blobUrl(), v.effectiveAt(),
                    v.deltas().stream().map(d -> new ManifestCatalog.Delta(d.fromVersion(), d.sha256(), d.blobUrl()))
                            .toList()));
        }
        return out;
    }

    // ---- helpers ----

    private static void checkId(String catalog) {
        if (!ID.matcher(catalog).matches()) {
            throw HttpProblem.badRequest("catalog: expected an id of 1 to 64 lowercase letters, digits, '-' or '_'"
                    + " (starting with a letter or digit), was '" + catalog + "'");
        }
    }

    private static CatalogInvalid invalid(String catalog, List<CatalogInvalid.Problem> problems) {
        StringBuilder message = new StringBuilder("catalog " + catalog + ": not published, ");
        message.append(problems.size() == 1 ? "1 problem" : problems.size() + " problems");
        problems.forEach(p -> message.append("; ").append(p.path().isEmpty() ? "(document)" : p.path()).append(": ")
                .append(p.message()));
        return new CatalogInvalid(message.toString(), problems);
    }

    private static Version version(Tx tx, String catalog, long version) throws SQLException {
        return versions(tx, catalog, version, version).stream().findFirst().orElseThrow(() -> HttpProblem.notFound(
                "catalog " + catalog + ": no version " + version));
    }

    /** The versions from {@code low} to {@code high}, newest first. */
    private static List<Version> versions(Tx tx, String catalog, long low, long high) throws SQLException {
        List<Version> out = new ArrayList<>();
        for (Version v : tx.query("SELECT version, sha256, effective_at, published_by, published_at FROM catalog_version"
                + " WHERE catalog_id = ? AND version BETWEEN ? AND ? ORDER BY version DESC", rs -> new Version(catalog,
                rs.getLong(1), rs.getString(2), url(rs.getString(2)), Instant.parse(rs.getString(3)), rs.getString(4),
                Instant.parse(rs.getString(5)), List.of()), catalog, low, high)) {
            List<Delta> deltas = tx.query("SELECT from_version, sha256, size FROM catalog_delta WHERE catalog_id = ? AND"
                    + " version = ? ORDER BY from_version DESC", rs -> new Delta(rs.getLong(1), rs.getString(2),
                    url(rs.getString(2)), rs.getLong(3)), catalog, v.version());
            out.add(new Version(catalog, v.version(), v.sha256(), v.blobUrl(), v.effectiveAt(), v.publishedBy(),
                    v.publishedAt(), deltas));
        }
        return out;
    }

    private static List<CatalogPlan> plans(Tx tx, String catalog) throws SQLException {
        return tx.query("SELECT " + PLAN_COLUMNS + " FROM catalog_plan WHERE catalog_id = ? ORDER BY seq DESC",
                Catalogs::plan, catalog);
    }

    private static CatalogPlan plan(ResultSet rs) throws SQLException {
        return new CatalogPlan(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                Json.read(rs.getString(5), Targets.class), rs.getInt(6), rs.getString(7), Instant.parse(rs.getString(8)));
    }

    private static URI url(String sha256) {
        return URI.create("/blobs/sha256/" + sha256);
    }
}
