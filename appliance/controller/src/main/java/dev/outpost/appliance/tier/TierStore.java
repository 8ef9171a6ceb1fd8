package dev.outpost.appliance.tier;

import dev.outpost.api.event.EventEnvelope;
import dev.outpost.api.event.UuidV7;
import dev.outpost.api.json.Json;
import dev.outpost.appliance.sqlite.SqliteFile;
import dev.outpost.site.message.MenuTier;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The menu tier's state in SQLite ({@code data.dir/tiers.db}, WAL, {@code synchronous=FULL}):
 * <ul>
 *   <li>{@code tier_state}: the tier last recorded and since when, so a restart reports only a real change;</li>
 *   <li>{@code menu_override}: every manager override, with who started it, why, until when, and how it ended;</li>
 *   <li>{@code tier_report}: the events for the relay ({@code menu.tier}, {@code menu.override}), each written in the
 *       transaction of the change it reports, {@code sequence} counting the {@link #DEVICE} stream.</li>
 * </ul>
 *
 * <p>Design: the outbox is another SQLite file, so a report cannot commit with the outbox row. It commits with its
 * change instead, {@code enqueued = 0}, and is marked once the outbox holds it; whatever is unmarked after a crash is
 * handed over again ({@link #unsent}). The outbox ignores an event id it holds, so handing one over twice stores it
 * once. One connection, guarded by this object's lock.
 */
final class TierStore implements AutoCloseable {
    /** The device id of the appliance's menu tier events: a stream of their own, with its own sequence. */
    static final String DEVICE = "appliance-menu-tier";
    private static final int SCHEMA = 1;

    /** The tier last recorded. */
    record Recorded(MenuTier.Tier tier, Instant since) {
    }

    private final String site;
    private final UuidV7 ids;
    private final SqliteFile sqlite;
    private final Connection db;

    private TierStore(String site, InstantSource clock, SqliteFile sqlite) {
        this.site = site;
        this.ids = new UuidV7(clock);
        this.sqlite = sqlite;
        this.db = sqlite.connection();
    }

    static TierStore open(Path file, String site, InstantSource clock) {
        return new TierStore(site, clock, SqliteFile.open(file, "tier store", SCHEMA, (s, version) -> {
            s.execute("CREATE TABLE tier_state (id INTEGER PRIMARY KEY CHECK (id = 1), tier TEXT NOT NULL,"
                    + " since_ms INTEGER NOT NULL)");
            s.execute("CREATE TABLE menu_override (id INTEGER PRIMARY KEY AUTOINCREMENT, started_ms INTEGER NOT NULL,"
                    + " until_ms INTEGER NOT NULL, hours INTEGER NOT NULL, reason TEXT NOT NULL, manager TEXT NOT NULL,"
                    + " account TEXT NOT NULL, ended_ms INTEGER, end_reason TEXT, ended_by TEXT)");
            s.execute("CREATE TABLE tier_report (sequence INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE,"
                    + " envelope TEXT NOT NULL, enqueued INTEGER NOT NULL)");
            s.execute("CREATE INDEX tier_report_unsent ON tier_report (enqueued, sequence)");
        }, TierException::new));
    }

    synchronized Optional<Recorded> recorded() {
        return sqlite.inTransaction("read the tier recorded", () -> {
            try (PreparedStatement q = db.prepareStatement("SELECT tier, since_ms FROM tier_state WHERE id = 1");
                 ResultSet r = q.executeQuery()) {
                return r.next() ? Optional.of(new Recorded(MenuTier.Tier.valueOf(r.getString(1)),
                        Instant.ofEpochMilli(r.getLong(2)))) : Optional.empty();
            }
        });
    }

    /** Records a new tier and its {@code menu.tier} event, in one transaction. */
    synchronized void changed(Recorded tier, Instant at, Map<String, Object> event) {
        sqlite.inTransaction("record tier " + tier.tier(), () -> {
            update("INSERT INTO tier_state (id, tier, since_ms) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE"
                    + " SET tier = excluded.tier, since_ms = excluded.since_ms", tier.tier().name(), tier.since().toEpochMilli());
            report("menu.tier", at, event);
            return null;
        });
    }

    /** The override running at {@code now}: not ended early, and its end instant not reached. */
    synchronized Optional<TierView.Override> running(Instant now) {
        return sqlite.inTransaction("read the override running", () -> overrides(" WHERE ended_ms IS NULL AND until_ms > ?"
                + " ORDER BY id DESC LIMIT 1", now.toEpochMilli()).stream().findFirst());
    }

    /** The newest {@code limit} overrides, newest first. */
    synchronized List<TierView.Override> recent(int limit) {
        return sqlite.inTransaction("read the overrides", () -> overrides(" ORDER BY id DESC LIMIT ?", limit));
    }

    /** Records an override and its {@code menu.override} event, in one transaction. */
    synchronized TierView.Override start(Instant at, Instant until, int hours, String reason, String manager, String account,
                                Map<String, Object> event) {
        return sqlite.inTransaction("record an override", () -> {
            update("INSERT INTO menu_override (started_ms, until_ms, hours, reason, manager, account)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", at.toEpochMilli(), until.toEpochMilli(), hours, reason, manager, account);
            long id;
            try (PreparedStatement q = db.prepareStatement("SELECT last_insert_rowid()"); ResultSet r = q.executeQuery()) {
                id = r.getLong(1);
            }
            Map<String, Object> payload = new LinkedHashMap<>(event);
            payload.put("override_id", id);
            report("menu.override", at, payload);
            return new TierView.Override(id, at, until, hours, reason, manager, account, null, null, null);
        });
    }

    /** Ends override {@code id} early and records its {@code menu.override} event, in one transaction. */
    synchronized void end(long id, Instant at, String reason, String by, Map<String, Object> event) {
        sqlite.inTransaction("end override " + id, () -> {
            update("UPDATE menu_override SET ended_ms = ?, end_reason = ?, ended_by = ? WHERE id = ?", at.toEpochMilli(),
                    reason, by, id);
            report("menu.override", at, event);
            return null;
        });
    }

    /** Reports not yet handed to the outbox, in sequence. */
    synchronized List<EventEnvelope> unsent() {
        return sqlite.inTransaction("read the reports not yet in the outbox", () -> {
            List<EventEnvelope> out = new ArrayList<>();
            try (PreparedStatement q = db.prepareStatement("SELECT envelope FROM tier_report WHERE enqueued = 0"
                    + " ORDER BY sequence"); ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.add(Json.read(r.getString(1), EventEnvelope.class));
                }
            }
            return out;
        });
    }

    /** The outbox holds these reports. */
    synchronized void enqueued(List<EventEnvelope> events) {
        sqlite.inTransaction("mark " + events.size() + " reports as in the outbox", () -> {
            for (EventEnvelope e : events) {
                update("UPDATE tier_report SET enqueued = 1 WHERE event_id = ?", e.eventId().toString());
            }
            return null;
        });
    }

    private void report(String type, Instant at, Map<String, Object> payload) throws SQLException {
        long sequence;
        try (PreparedStatement q = db.prepareStatement("SELECT COALESCE(MAX(sequence), 0) + 1 FROM tier_report");
             ResultSet r = q.executeQuery()) {
            sequence = r.getLong(1);
        }
        EventEnvelope event = new EventEnvelope(ids.next(), site, DEVICE, type, at, sequence, Json.toTree(payload));
        update("INSERT INTO tier_report (sequence, event_id, envelope, enqueued) VALUES (?, ?, ?, 0)", sequence,
                event.eventId().toString(), Json.writeString(event));
    }

    private List<TierView.Override> overrides(String where, Object... args) throws SQLException {
        List<TierView.Override> out = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement("SELECT id, started_ms, until_ms, hours, reason, manager, account,"
                + " ended_ms, end_reason, ended_by FROM menu_override" + where)) {
            bind(q, args);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    long ended = r.getLong(8);
                    Instant endedAt = r.wasNull() ? null : Instant.ofEpochMilli(ended);
                    out.add(new TierView.Override(r.getLong(1), Instant.ofEpochMilli(r.getLong(2)),
                            Instant.ofEpochMilli(r.getLong(3)), r.getInt(4), r.getString(5), r.getString(6),
                            r.getString(7), endedAt, r.getString(9), r.getString(10)));
                }
            }
        }
        return out;
    }

    private int update(String sql, Object... args) throws SQLException {
        try (PreparedStatement u = db.prepareStatement(sql)) {
            bind(u, args);
            return u.executeUpdate();
        }
    }

    private static void bind(PreparedStatement statement, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            statement.setObject(i + 1, args[i]);
        }
    }

    @Override
    public synchronized void close() {
        sqlite.close();
    }
}
