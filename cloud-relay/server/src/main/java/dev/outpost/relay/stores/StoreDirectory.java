package dev.outpost.relay.stores;

import dev.outpost.api.json.Json;
import dev.outpost.relay.audit.AuditEntry;
import dev.outpost.relay.audit.AuditLog;
import dev.outpost.relay.http.HttpProblem;
import dev.outpost.relay.store.Store;
import dev.outpost.relay.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The stores menus are published for, each with its region, country, zone and tags; every change is audited. */
public final class StoreDirectory {
    private static final String COLUMNS = "site_id, region, country, zone, tags";
    private final Store store;
    private final AuditLog audit;
    private final InstantSource clock;

    public StoreDirectory(Store store, AuditLog audit, InstantSource clock) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    /** Creates or changes a store's profile. */
    public StoreProfile put(String actor, StoreProfile profile, String reason) {
        return store.inTransaction("store_profile", tx -> {
            Optional<StoreProfile> before = find(tx, profile.siteId());
            String tags = String.join(",", profile.tags());
            String now = clock.instant().toString();
            if (before.isPresent()) {
                tx.update("UPDATE store_profile SET region = ?, country = ?, zone = ?, tags = ?, updated_by = ?,"
                        + " updated_at = ? WHERE site_id = ?", profile.region(), profile.country(), profile.zone(), tags,
                        actor, now, profile.siteId());
            } else {
                tx.update("INSERT INTO store_profile (" + COLUMNS + ", updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        profile.siteId(), profile.region(), profile.country(), profile.zone(), tags, actor, now);
            }
            menusChanged(tx); // its zone, country or tags may change what its manifest says
            audit.append(tx, new AuditEntry(actor, before.isPresent() ? "store.changed" : "store.added",
                    "site:" + profile.siteId(), before.map(Json::toTree).orElse(null), Json.toTree(profile), reason));
            return profile;
        });
    }

    /**
     * What some store shows may have changed (a plan, a rollback, a poison, a store's profile): a new menu generation,
     * in the caller's transaction. Relays serve cached manifests while the generation stands, and a site that has not
     * fetched at the current one is told to pull now.
     */
    public static void menusChanged(Tx tx) throws SQLException {
        tx.update("UPDATE menu_generation SET generation = generation + 1 WHERE id = 1");
    }

    public static long menuGeneration(Tx tx) throws SQLException {
        return tx.queryLong("SELECT generation FROM menu_generation WHERE id = 1");
    }

    public List<StoreProfile> all() {
        return store.inTransaction("stores", StoreDirectory::all);
    }

    public static List<StoreProfile> all(Tx tx) throws SQLException {
        return tx.query("SELECT " + COLUMNS + " FROM store_profile ORDER BY site_id", StoreDirectory::row);
    }

    public StoreProfile get(String siteId) {
        return store.inTransaction("store", tx -> find(tx, siteId))
                .orElseThrow(() -> HttpProblem.notFound("store " + siteId + ": not in the store directory"));
    }

    public static Optional<StoreProfile> find(Tx tx, String siteId) throws SQLException {
        return tx.queryOne("SELECT " + COLUMNS + " FROM store_profile WHERE site_id = ?", StoreDirectory::row, siteId);
    }

    private static StoreProfile row(ResultSet rs) throws SQLException {
        String tags = rs.getString(5);
        return new StoreProfile(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                tags.isEmpty() ? List.of() : Arrays.asList(tags.split(",")));
    }
}
