package dev.outpost.appliance.menu;

import dev.outpost.api.json.Json;
import dev.outpost.api.manifest.Manifest;
import dev.outpost.api.manifest.ManifestEntry;
import dev.outpost.api.sign.SignedDocument;
import dev.outpost.appliance.sqlite.SqliteFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What menu sync keeps in SQLite ({@code data.dir/menu.db}, WAL, {@code synchronous=FULL}: a commit is on disk when it
 * returns). One connection, guarded by this object's lock.
 *
 * <ul>
 *   <li>{@code menu_manifest}: the one manifest accepted last, as signed, with its sequence and keyring version —
 *       the floors the next one must clear, so a restart never accepts an older one — and when it was accepted;</li>
 *   <li>{@code menu_blob}: the blobs on disk under {@code data.dir/blobs/} (a row is written after its file);</li>
 *   <li>{@code menu_version}: which blobs each version id named, so a poison finds blobs the manifest no longer
 *       lists;</li>
 *   <li>{@code menu_current}: per variant and locale, each blob that was current there and when last, for keeping
 *       the last-known-good and a few before it.</li>
 * </ul>
 */
final class MenuStore implements AutoCloseable {
    private static final int SCHEMA = 1;

    /** The manifest accepted last. */
    record Accepted(long sequence, long keyringVersion, Instant acceptedAt, SignedDocument document, String etag) {
    }

    /** A blob on disk. */
    record Held(String sha256, long size, Instant storedAt) {
    }

    private final SqliteFile sqlite;
    private final Connection db;

    private MenuStore(SqliteFile sqlite) {
        this.sqlite = sqlite;
        this.db = sqlite.connection();
    }

    static MenuStore open(Path file) {
        return new MenuStore(SqliteFile.open(file, "menu store", SCHEMA, (s, version) -> {
            s.execute("CREATE TABLE menu_manifest (id INTEGER PRIMARY KEY CHECK (id = 1), sequence INTEGER NOT NULL,"
                    + " keyring_version INTEGER NOT NULL, accepted_ms INTEGER NOT NULL, document TEXT NOT NULL, etag TEXT)");
            s.execute("CREATE TABLE menu_blob (sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, stored_ms INTEGER NOT NULL)");
            s.execute("CREATE TABLE menu_version (version_id TEXT NOT NULL, sha256 TEXT NOT NULL,"
                    + " PRIMARY KEY (version_id, sha256))");
            s.execute("CREATE TABLE menu_current (slot TEXT NOT NULL, sha256 TEXT NOT NULL, last_ms INTEGER NOT NULL,"
                    + " PRIMARY KEY (slot, sha256))");
        }, MenuException::new));
    }

    synchronized Optional<Accepted> accepted() {
        return inTransaction("read the accepted manifest", () -> {
            try (Statement s = db.createStatement();
                 ResultSet r = s.executeQuery("SELECT sequence, keyring_version, accepted_ms, document, etag FROM menu_manifest")) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Accepted(r.getLong(1), r.getLong(2), Instant.ofEpochMilli(r.getLong(3)),
                        Json.read(r.getString(4), SignedDocument.class), r.getString(5)));
            }
        });
    }

    /** Records {@code manifest} as the one accepted last, with what it names, in one transaction. */
    synchronized void accept(Accepted accepted, Manifest manifest) {
        inTransaction("record manifest " + accepted.sequence(), () -> {
            try (PreparedStatement save = db.prepareStatement("INSERT INTO menu_manifest (id, sequence, keyring_version,"
                    + " accepted_ms, document, etag) VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                    + " sequence = excluded.sequence, keyring_version = excluded.keyring_version,"
                    + " accepted_ms = excluded.accepted_ms, document = excluded.document, etag = excluded.etag")) {
                save.setLong(1, accepted.sequence());
                save.setLong(2, accepted.keyringVersion());
                save.setLong(3, accepted.acceptedAt().toEpochMilli());
                save.setString(4, Json.writeString(accepted.document()));
                save.setString(5, accepted.etag());
                save.executeUpdate();
            }
            try (PreparedStatement version = db.prepareStatement("INSERT INTO menu_version (version_id, sha256)"
                    + " VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                for (List<ManifestEntry> entries : List.of(manifest.current(), manifest.upcoming())) {
                    for (ManifestEntry entry : entries) {
                        version.setString(1, entry.versionId());
                        version.setString(2, entry.sha256());
                        version.executeUpdate();
                    }
                }
            }
            try (PreparedStatement current = db.prepareStatement("INSERT INTO menu_current (slot, sha256, last_ms)"
                    + " VALUES (?, ?, ?) ON CONFLICT (slot, sha256) DO UPDATE SET last_ms = excluded.last_ms")) {
                for (ManifestEntry entry : manifest.current()) {
                    if (!manifest.poisoned().contains(entry.versionId())) {
                        current.setString(1, entry.slot());
                        current.setString(2, entry.sha256());
                        current.setLong(3, accepted.acceptedAt().toEpochMilli());
                        current.executeUpdate();
                    }
                }
            }
            return null;
        });
    }

    /** A 304 for the manifest held: a fresher ETag to send next time (the manifest itself is unchanged). */
    synchronized void etag(String etag) {
        inTransaction("record an etag", () -> {
            try (PreparedStatement save = db.prepareStatement("UPDATE menu_manifest SET etag = ?")) {
                save.setString(1, etag);
                save.executeUpdate();
            }
            return null;
        });
    }

    /** Version id → the blobs it named, for the given ids. */
    synchronized Map<String, Set<String>> blobsOf(List<String> versionIds) {
        return inTransaction("read versions", () -> {
            Map<String, Set<String>> out = new LinkedHashMap<>();
            try (PreparedStatement q = db.prepareStatement("SELECT sha256 FROM menu_version WHERE version_id = ?")) {
                for (String id : versionIds) {
                    q.setString(1, id);
                    try (ResultSet r = q.executeQuery()) {
                        while (r.next()) {
                            out.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(r.getString(1));
                        }
                    }
                }
            }
            return out;
        });
    }

    /** Per slot, the blobs that were current there, most recently current first. */
    synchronized Map<String, List<String>> history() {
        return inTransaction("read the history", () -> {
            Map<String, List<String>> out = new LinkedHashMap<>();
            try (Statement s = db.createStatement();
                 ResultSet r = s.executeQuery("SELECT slot, sha256 FROM menu_current ORDER BY slot, last_ms DESC, sha256")) {
                while (r.next()) {
                    out.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(r.getString(2));
                }
            }
            return out;
        });
    }

    synchronized List<Held> held() {
        return inTransaction("read held blobs", () -> {
            List<Held> out = new ArrayList<>();
            try (Statement s = db.createStatement();
                 ResultSet r = s.executeQuery("SELECT sha256, size, stored_ms FROM menu_blob ORDER BY stored_ms, sha256")) {
                while (r.next()) {
                    out.add(new Held(r.getString(1), r.getLong(2), Instant.ofEpochMilli(r.getLong(3))));
                }
            }
            return out;
        });
    }

    synchronized void hold(String sha256, long size, Instant storedAt) {
        inTransaction("record blob " + sha256, () -> {
            try (PreparedStatement save = db.prepareStatement("INSERT INTO menu_blob (sha256, size, stored_ms)"
                    + " VALUES (?, ?, ?) ON CONFLICT (sha256) DO UPDATE SET size = excluded.size, stored_ms = excluded.stored_ms")) {
                save.setString(1, sha256);
                save.setLong(2, size);
                save.setLong(3, storedAt.toEpochMilli());
                save.executeUpdate();
            }
            return null;
        });
    }

    /** Forgets a blob (its file goes first); a slot's history of it goes too once it is collected. */
    synchronized void forget(String sha256) {
        inTransaction("forget blob " + sha256, () -> {
            try (PreparedStatement delete = db.prepareStatement("DELETE FROM menu_blob WHERE sha256 = ?")) {
                delete.setString(1, sha256);
                delete.executeUpdate();
            }
            return null;
        });
    }

    private <T> T inTransaction(String what, SqliteFile.Work<T> work) {
        return sqlite.inTransaction(what, work);
    }

    @Override
    public synchronized void close() {
        sqlite.close();
    }
}
