package dev.outpost.appliance.flip;

import dev.outpost.site.message.FlipOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Every flip and every screen's part in it, in SQLite ({@code data.dir/flips.db}, WAL, {@code synchronous=FULL}).
 * One connection, guarded by this object's lock.
 *
 * <ul>
 *   <li>{@code flip}: one row per flip, keyed also by what it flips (slot, version, activation instant), so a
 *       restarted coordinator never starts the same flip twice;</li>
 *   <li>{@code flip_device}: per flip and screen, its answer and reason, and its commit instant (site time) and
 *       whether it committed on its own.</li>
 * </ul>
 */
final class FlipStore implements AutoCloseable {
    private static final int SCHEMA = 1;
    private final Path file;
    private final Connection db;

    private FlipStore(Path file, Connection db) {
        this.file = file;
        this.db = db;
    }

    static FlipStore open(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                int version;
                try (ResultSet r = s.executeQuery("PRAGMA user_version")) {
                    version = r.getInt(1);
                }
                if (version > SCHEMA) {
                    db.close();
                    throw new IllegalStateException("flip store " + file + ": schema version " + version
                            + " is newer than this appliance's (" + SCHEMA + "); run the newer appliance or move the file away");
                }
                if (version < 1) {
                    s.execute("CREATE TABLE flip (flip_id TEXT PRIMARY KEY, variant TEXT NOT NULL, locale TEXT NOT NULL,"
                            + " version_id TEXT NOT NULL, sha256 TEXT NOT NULL, activate_ms INTEGER NOT NULL,"
                            + " state TEXT NOT NULL, reason TEXT, prepared_ms INTEGER, decided_ms INTEGER,"
                            + " UNIQUE (variant, locale, version_id, activate_ms))");
                    s.execute("CREATE TABLE flip_device (flip_id TEXT NOT NULL REFERENCES flip, device_id TEXT NOT NULL,"
                            + " answer TEXT, reason TEXT, committed_at TEXT, autonomous INTEGER,"
                            + " PRIMARY KEY (flip_id, device_id))");
                    s.execute("PRAGMA user_version = " + SCHEMA);
                }
            }
            return new FlipStore(file, db);
        } catch (IOException e) {
            throw new UncheckedIOException("flip store " + file + ": cannot open: " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new IllegalStateException("flip store " + file + ": cannot open: " + e.getMessage(), e);
        }
    }

    synchronized void insert(FlipView.Flip flip) {
        update("INSERT OR IGNORE INTO flip (flip_id, variant, locale, version_id, sha256, activate_ms, state, reason,"
                        + " prepared_ms, decided_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                flip.flipId().toString(), flip.variant(), flip.locale(), flip.versionId(), flip.sha256(),
                flip.activateAt().toEpochMilli(), flip.state(), flip.reason(), millis(flip.preparedAt()),
                millis(flip.decidedAt()));
    }

    synchronized void decided(UUID flip, String state, String reason, Instant at) {
        update("UPDATE flip SET state = ?, reason = ?, decided_ms = COALESCE(decided_ms, ?) WHERE flip_id = ?", state,
                reason, millis(at), flip.toString());
    }

    synchronized void target(UUID flip, String device) {
        update("INSERT OR IGNORE INTO flip_device (flip_id, device_id) VALUES (?, ?)", flip.toString(), device);
    }

    synchronized void answered(UUID flip, String device, FlipOutcome answer, String reason) {
        target(flip, device);
        update("UPDATE flip_device SET answer = ?, reason = ? WHERE flip_id = ? AND device_id = ?", answer.name(), reason,
                flip.toString(), device);
    }

    synchronized void committed(UUID flip, String device, Instant at, boolean autonomous) {
        target(flip, device);
        update("UPDATE flip_device SET committed_at = ?, autonomous = ? WHERE flip_id = ? AND device_id = ?",
                at.toString(), autonomous ? 1 : 0, flip.toString(), device);
    }

    /** The newest {@code limit} flips, newest activation first. */
    synchronized List<FlipView.Flip> recent(int limit) {
        List<FlipView.Flip> out = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement("SELECT flip_id, variant, locale, version_id, sha256, activate_ms,"
                + " state, reason, prepared_ms, decided_ms FROM flip ORDER BY activate_ms DESC, rowid DESC LIMIT ?")) {
            q.setInt(1, limit);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    UUID id = UUID.fromString(r.getString(1));
                    List<FlipView.Device> devices = devices(id);
                    out.add(new FlipView.Flip(id, r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                            Instant.ofEpochMilli(r.getLong(6)), r.getString(7), r.getString(8), instant(r, 9),
                            instant(r, 10), skew(devices), devices));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("flip store " + file + ": read flips: " + e.getMessage(), e);
        }
        return out;
    }

    private List<FlipView.Device> devices(UUID flip) throws SQLException {
        List<FlipView.Device> out = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement("SELECT device_id, answer, reason, committed_at, autonomous"
                + " FROM flip_device WHERE flip_id = ? ORDER BY device_id")) {
            q.setString(1, flip.toString());
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    String answer = r.getString(2);
                    String committed = r.getString(4);
                    int autonomous = r.getInt(5);
                    boolean hasAutonomous = !r.wasNull();
                    out.add(new FlipView.Device(r.getString(1), answer == null ? null : FlipOutcome.valueOf(answer),
                            r.getString(3), committed == null ? null : Instant.parse(committed),
                            hasAutonomous ? autonomous == 1 : null));
                }
            }
        }
        return out;
    }

    private static Long skew(List<FlipView.Device> devices) {
        List<Instant> at = devices.stream().map(FlipView.Device::committedAt).filter(i -> i != null).sorted().toList();
        return at.isEmpty() ? null : java.time.Duration.between(at.getFirst(), at.getLast()).toMillis();
    }

    private static Instant instant(ResultSet r, int column) throws SQLException {
        long ms = r.getLong(column);
        return r.wasNull() ? null : Instant.ofEpochMilli(ms);
    }

    private static Long millis(Instant at) {
        return at == null ? null : at.toEpochMilli();
    }

    private void update(String sql, Object... args) {
        try (PreparedStatement u = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                u.setObject(i + 1, args[i]);
            }
            u.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("flip store " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            // closing: nothing left to lose, the WAL is on disk
        }
    }
}
