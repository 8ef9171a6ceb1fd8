package dev.outpost.appliance.flip;

import dev.outpost.api.event.EventEnvelope;
import dev.outpost.api.event.FlipResult;
import dev.outpost.api.event.MenuDownloaded;
import dev.outpost.api.event.UuidV7;
import dev.outpost.api.json.Json;
import dev.outpost.appliance.sqlite.SqliteFile;
import dev.outpost.site.message.FlipOutcome;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Every flip and every screen's part in it, in SQLite ({@code data.dir/flips.db}, WAL, {@code synchronous=FULL}).
 * One connection, guarded by this object's lock.
 *
 * <ul>
 *   <li>{@code flip}: one row per flip, keyed also by what it flips (slot, version, activation instant), so a
 *       restarted coordinator never starts the same flip twice; {@code owes_report} until its outcome is
 *       reported;</li>
 *   <li>{@code flip_device}: per flip and screen, its answer and reason, and its commit instant (site time) and
 *       whether it committed on its own;</li>
 *   <li>{@code flip_report}: the events for the relay (a blob downloaded, a flip prepared, a flip's outcome), each
 *       written in the transaction of the change it reports, once per {@code milestone}, with {@code sequence}
 *       counting the appliance's own event stream.</li>
 * </ul>
 *
 * <p>Design: the outbox is another SQLite file, so a report cannot commit with the outbox row. It commits with the
 * flip's change instead, {@code enqueued = 0}, and is marked once the outbox holds it; whatever is unmarked after a
 * crash is handed to the outbox again ({@link #unsent}). The outbox ignores an event id it holds, so handing one over
 * twice stores it once.
 */
final class FlipStore implements AutoCloseable {
    /** The device id of the appliance's own event stream. */
    static final String DEVICE = "appliance";
    private static final int SCHEMA = 2;
    private final String site;
    private final InstantSource clock;
    private final UuidV7 ids;
    private final SqliteFile sqlite;
    private final Connection db;

    private FlipStore(String site, InstantSource clock, SqliteFile sqlite) {
        this.site = site;
        this.clock = clock;
        this.ids = new UuidV7(clock);
        this.sqlite = sqlite;
        this.db = sqlite.connection();
    }

    static FlipStore open(Path file, String site, InstantSource clock) {
        return new FlipStore(site, clock, SqliteFile.open(file, "flip store", SCHEMA, (s, version) -> {
            if (version < 1) {
                s.execute("CREATE TABLE flip (flip_id TEXT PRIMARY KEY, variant TEXT NOT NULL, locale TEXT NOT NULL,"
                        + " version_id TEXT NOT NULL, sha256 TEXT NOT NULL, activate_ms INTEGER NOT NULL,"
                        + " state TEXT NOT NULL, reason TEXT, prepared_ms INTEGER, decided_ms INTEGER,"
                        + " UNIQUE (variant, locale, version_id, activate_ms))");
                s.execute("CREATE TABLE flip_device (flip_id TEXT NOT NULL REFERENCES flip, device_id TEXT NOT NULL,"
                        + " answer TEXT, reason TEXT, committed_at TEXT, autonomous INTEGER,"
                        + " PRIMARY KEY (flip_id, device_id))");
            }
            if (version < 2) {
                s.execute("CREATE TABLE flip_report (sequence INTEGER PRIMARY KEY, milestone TEXT NOT NULL UNIQUE,"
                        + " event_id TEXT NOT NULL UNIQUE, envelope TEXT NOT NULL, enqueued INTEGER NOT NULL)");
                // flips from before reports owe none: the relay is not told of them after an upgrade
                s.execute("ALTER TABLE flip ADD COLUMN owes_report INTEGER NOT NULL DEFAULT 0");
                s.execute("CREATE INDEX flip_report_unsent ON flip_report (enqueued, sequence)");
            }
        }, IllegalStateException::new));
    }

    synchronized void insert(FlipView.Flip flip) {
        inTransaction("record flip " + flip.flipId(), () -> update("INSERT OR IGNORE INTO flip (flip_id, variant,"
                        + " locale, version_id, sha256, activate_ms, state, reason, prepared_ms, decided_ms, owes_report)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
                flip.flipId().toString(), flip.variant(), flip.locale(), flip.versionId(), flip.sha256(),
                flip.activateAt().toEpochMilli(), flip.state(), flip.reason(), millis(flip.preparedAt()),
                millis(flip.decidedAt())));
    }

    /** The flip's new state; with {@code outcome}, its report to the relay, in the same transaction. */
    synchronized void decided(UUID flip, String state, String reason, Instant at, Optional<FlipResult> outcome) {
        inTransaction("record the decision of flip " + flip, () -> {
            update("UPDATE flip SET state = ?, reason = ?, decided_ms = COALESCE(decided_ms, ?) WHERE flip_id = ?", state,
                    reason, millis(at), flip.toString());
            if (outcome.isPresent()) {
                report("outcome|" + flip, FlipResult.typeOf(outcome.get().outcome()), at, outcome.get());
                update("UPDATE flip SET owes_report = 0 WHERE flip_id = ?", flip.toString());
            }
            return null;
        });
    }

    /** The screens a flip's PREPARE goes to, in one transaction (one fsync for a store of fifty screens). */
    synchronized void target(UUID flip, Collection<String> devices) {
        inTransaction("record the screens of flip " + flip, () -> {
            for (String device : devices) {
                update("INSERT OR IGNORE INTO flip_device (flip_id, device_id) VALUES (?, ?)", flip.toString(), device);
            }
            return null;
        });
    }

    /** A screen's answer; with {@code prepared} (every screen has), that report too, in the same transaction. */
    synchronized void answered(UUID flip, String device, FlipOutcome answer, String reason,
                               Optional<FlipResult> prepared) {
        inTransaction("record the answer of " + device + " to flip " + flip, () -> {
            update("INSERT OR IGNORE INTO flip_device (flip_id, device_id) VALUES (?, ?)", flip.toString(), device);
            update("UPDATE flip_device SET answer = ?, reason = ? WHERE flip_id = ? AND device_id = ?", answer.name(),
                    reason, flip.toString(), device);
            if (prepared.isPresent()) {
                report("prepared|" + flip, "flip.prepared", clock.instant(), prepared.get());
            }
            return null;
        });
    }

    synchronized void committed(UUID flip, String device, Instant at, boolean autonomous) {
        inTransaction("record the commit of " + device + " in flip " + flip, () -> {
            update("INSERT OR IGNORE INTO flip_device (flip_id, device_id) VALUES (?, ?)", flip.toString(), device);
            return update("UPDATE flip_device SET committed_at = ?, autonomous = ? WHERE flip_id = ? AND device_id = ?",
                    at.toString(), autonomous ? 1 : 0, flip.toString(), device);
        });
    }

    /** Reports an upcoming version's blob held, once per slot, version and activation; false if it was already. */
    synchronized boolean downloaded(MenuDownloaded blob) {
        return inTransaction("record blob " + blob.sha256() + " downloaded", () -> report("downloaded|" + blob.variant()
                + "/" + blob.locale() + "|" + blob.versionId() + "|" + blob.activateAt(), "menu.downloaded",
                clock.instant(), blob));
    }

    /** The milestones of blobs reported downloaded. */
    synchronized List<String> downloadedMilestones() {
        return inTransaction("read the downloads reported", () -> strings("SELECT milestone FROM flip_report"
                + " WHERE milestone LIKE 'downloaded|%'"));
    }

    /**
     * The flips whose outcome is owed to the relay: decided COMMITTED but not settled yet, or never decided (the
     * appliance was down at their activation).
     */
    synchronized List<UUID> owed() {
        return inTransaction("read the flips owing a report", () -> strings("SELECT flip_id FROM flip"
                + " WHERE owes_report = 1")).stream().map(UUID::fromString).toList();
    }

    /** Reports not yet handed to the outbox, in sequence. */
    synchronized List<EventEnvelope> unsent() {
        return inTransaction("read the reports not yet in the outbox", () -> strings("SELECT envelope FROM flip_report"
                + " WHERE enqueued = 0 ORDER BY sequence")).stream().map(e -> Json.read(e, EventEnvelope.class)).toList();
    }

    /** The outbox holds these reports. */
    synchronized void enqueued(List<EventEnvelope> events) {
        inTransaction("mark " + events.size() + " reports as in the outbox", () -> {
            for (EventEnvelope e : events) {
                update("UPDATE flip_report SET enqueued = 1 WHERE event_id = ?", e.eventId().toString());
            }
            return null;
        });
    }

    /** One flip as recorded. */
    synchronized Optional<FlipView.Flip> find(UUID flip) {
        return inTransaction("read flip " + flip, () -> {
            try (PreparedStatement q = db.prepareStatement(SELECT + " WHERE flip_id = ?")) {
                q.setString(1, flip.toString());
                try (ResultSet r = q.executeQuery()) {
                    return r.next() ? Optional.of(flip(r)) : Optional.empty();
                }
            }
        });
    }

    /** Writes a report unless its milestone was reported; true if it wrote one. */
    private boolean report(String milestone, String type, Instant at, Object payload) throws SQLException {
        if (!strings("SELECT milestone FROM flip_report WHERE milestone = ?", milestone).isEmpty()) {
            return false;
        }
        long sequence;
        try (PreparedStatement q = db.prepareStatement("SELECT COALESCE(MAX(sequence), 0) + 1 FROM flip_report");
             ResultSet r = q.executeQuery()) {
            sequence = r.getLong(1);
        }
        EventEnvelope event = new EventEnvelope(ids.next(), site, DEVICE, type, at, sequence, Json.toTree(payload));
        update("INSERT INTO flip_report (sequence, milestone, event_id, envelope, enqueued) VALUES (?, ?, ?, ?, 0)",
                sequence, milestone, event.eventId().toString(), Json.writeString(event));
        return true;
    }

    private static final String SELECT = "SELECT flip_id, variant, locale, version_id, sha256, activate_ms, state, reason,"
            + " prepared_ms, decided_ms FROM flip";

    /** The newest {@code limit} flips, newest activation first. */
    synchronized List<FlipView.Flip> recent(int limit) {
        return inTransaction("read flips", () -> {
            List<FlipView.Flip> out = new ArrayList<>();
            try (PreparedStatement q = db.prepareStatement(SELECT + " ORDER BY activate_ms DESC, rowid DESC LIMIT ?")) {
                q.setInt(1, limit);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        out.add(flip(r));
                    }
                }
            }
            return out;
        });
    }

    private FlipView.Flip flip(ResultSet r) throws SQLException {
        UUID id = UUID.fromString(r.getString(1));
        List<FlipView.Device> devices = devices(id);
        return new FlipView.Flip(id, r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                Instant.ofEpochMilli(r.getLong(6)), r.getString(7), r.getString(8), instant(r, 9), instant(r, 10),
                skew(devices), devices);
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

    private int update(String sql, Object... args) throws SQLException {
        try (PreparedStatement u = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                u.setObject(i + 1, args[i]);
            }
            return u.executeUpdate();
        }
    }

    private List<String> strings(String sql, Object... args) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                q.setObject(i + 1, args[i]);
            }
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
        }
        return out;
    }

    private <T> T inTransaction(String what, SqliteFile.Work<T> work) {
        return sqlite.inTransaction(what, work);
    }

    @Override
    public synchronized void close() {
        sqlite.close();
    }
}
