package dev.outpost.appliance.pos;

import dev.outpost.api.event.EventEnvelope;
import dev.outpost.api.event.UuidV7;
import dev.outpost.api.json.Json;
import dev.outpost.appliance.outbox.Handover;
import dev.outpost.appliance.outbox.Outbox;
import dev.outpost.appliance.sqlite.SqliteFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The POS engine's SQLite file ({@code data.dir/pos.db}, WAL, {@code synchronous=FULL}): the held and pending
 * catalogs, sales, staff sessions, the audit and {@code pos_event}, the engine's events for the relay.
 *
 * <p>An event commits with the change it reports ({@link #event}, inside {@link #inTransaction}), {@code enqueued = 0},
 * and goes to the outbox through a {@link Handover} after every commit, at open and at {@link #retry}. One connection,
 * guarded by this object's lock: every front of the engine calls in through {@link #inTransaction}.
 */
public final class PosDb implements AutoCloseable {
    /** The device id of the POS engine's event stream: a stream of its own, with its own sequence. */
    public static final String DEVICE = "appliance-pos";
    private static final int SCHEMA = 2;

    /** A row mapper. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet r) throws SQLException;
    }

    private final String site;
    private final InstantSource clock;
    private final UuidV7 ids;
    private final SqliteFile sqlite;
    private final Connection db;
    private final Optional<Handover> handover;
    private boolean owed = true;
    private boolean wrote;
    private final List<Runnable> eventListeners = new CopyOnWriteArrayList<>();
    private int depth;

    private PosDb(String site, InstantSource clock, SqliteFile sqlite, Optional<Outbox> outbox) {
        this.site = site;
        this.clock = clock;
        this.ids = new UuidV7(clock);
        this.sqlite = sqlite;
        this.db = sqlite.connection();
        this.handover = outbox.map(o -> new Handover(site, "pos events", DEVICE, this::unsentEvents, this::enqueued,
                o::append));
    }

    /** Opens (creating) {@code file}; events go to {@code outbox} when given, and wait in the file until then. */
    public static PosDb open(Path file, String site, InstantSource clock, Optional<Outbox> outbox) {
        PosDb pos = new PosDb(site, clock, SqliteFile.open(file, "pos store", SCHEMA, (s, version) -> {
            if (version < 1) {
                s.execute("CREATE TABLE pos_catalog (catalog TEXT PRIMARY KEY, version INTEGER NOT NULL,"
                        + " currency TEXT NOT NULL, effective_at TEXT NOT NULL, applied_at TEXT NOT NULL,"
                        + " document BLOB NOT NULL)");
                s.execute("CREATE TABLE pos_pending (catalog TEXT NOT NULL, version INTEGER NOT NULL,"
                        + " effective_ms INTEGER NOT NULL, document BLOB NOT NULL, PRIMARY KEY (catalog, version))");
                s.execute("CREATE TABLE pos_sku (catalog TEXT NOT NULL, sku TEXT NOT NULL, name TEXT NOT NULL,"
                        + " category TEXT NOT NULL, tax_rate TEXT NOT NULL, price_minor INTEGER NOT NULL, PRIMARY KEY (catalog, sku))");
                s.execute("CREATE TABLE pos_barcode (catalog TEXT NOT NULL, barcode TEXT NOT NULL, sku TEXT NOT NULL,"
                        + " PRIMARY KEY (catalog, barcode))");
                s.execute("CREATE INDEX pos_barcode_sku ON pos_barcode (catalog, sku)");
                s.execute("CREATE TABLE pos_tax_rate (catalog TEXT NOT NULL, id TEXT NOT NULL,"
                        + " basis_points INTEGER NOT NULL, included INTEGER NOT NULL, PRIMARY KEY (catalog, id))");
                s.execute("CREATE TABLE pos_store_price (catalog TEXT NOT NULL, sku TEXT NOT NULL,"
                        + " price_minor INTEGER NOT NULL, PRIMARY KEY (catalog, sku))");
                s.execute("CREATE TABLE pos_price_change (catalog TEXT NOT NULL, id TEXT NOT NULL, sku TEXT NOT NULL,"
                        + " price_minor INTEGER NOT NULL, from_ms INTEGER NOT NULL, store INTEGER NOT NULL,"
                        + " PRIMARY KEY (catalog, id))");
                s.execute("CREATE INDEX pos_price_change_sku ON pos_price_change (catalog, sku, from_ms)");
                s.execute("CREATE TABLE pos_sale (sale_id TEXT PRIMARY KEY, terminal_id TEXT NOT NULL,"
                        + " cashier_id TEXT NOT NULL, state TEXT NOT NULL, catalog TEXT NOT NULL,"
                        + " catalog_version INTEGER NOT NULL, currency TEXT NOT NULL, created_ms INTEGER NOT NULL,"
                        + " business_day TEXT, paid_ms INTEGER, change_minor INTEGER NOT NULL DEFAULT 0,"
                        + " subtotal_minor INTEGER, discount_minor INTEGER, tax_minor INTEGER, total_minor INTEGER,"
                        + " closed_by TEXT, close_reason TEXT, closed_ms INTEGER)");
                s.execute("CREATE TABLE pos_line (sale_id TEXT NOT NULL REFERENCES pos_sale, line_no INTEGER NOT NULL,"
                        + " sku TEXT NOT NULL, barcode TEXT NOT NULL, quantity INTEGER NOT NULL, name TEXT,"
                        + " unit_price_minor INTEGER, discount_minor INTEGER, tax_minor INTEGER, total_minor INTEGER,"
                        + " promotion TEXT, PRIMARY KEY (sale_id, line_no))");
                s.execute("CREATE TABLE pos_payment (sale_id TEXT NOT NULL REFERENCES pos_sale, attempt INTEGER NOT NULL,"
                        + " method TEXT NOT NULL, provider TEXT NOT NULL, amount_minor INTEGER NOT NULL,"
                        + " tendered_minor INTEGER NOT NULL, reference TEXT, qr_payload TEXT, state TEXT NOT NULL,"
                        + " started_ms INTEGER NOT NULL, PRIMARY KEY (sale_id, attempt))");
                s.execute("CREATE TABLE pos_session (token TEXT PRIMARY KEY, terminal_id TEXT NOT NULL,"
                        + " employee_id TEXT NOT NULL, role TEXT NOT NULL, started_ms INTEGER NOT NULL,"
                        + " UNIQUE (terminal_id, employee_id))");
                s.execute("CREATE TABLE pos_audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL,"
                        + " terminal_id TEXT, actor TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL)");
                s.execute("CREATE TABLE pos_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
                s.execute("CREATE TABLE pos_stock (sku TEXT PRIMARY KEY, on_hand INTEGER NOT NULL)");
                s.execute("CREATE TABLE pos_stock_move (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL,"
                        + " sku TEXT NOT NULL, delta INTEGER NOT NULL, reason TEXT NOT NULL, sale_id TEXT,"
                        + " actor TEXT NOT NULL, note TEXT)");
                s.execute("CREATE INDEX pos_stock_move_sku ON pos_stock_move (sku, id)");
                s.execute("CREATE TABLE pos_receipt (sale_id TEXT PRIMARY KEY REFERENCES pos_sale,"
                        + " prints INTEGER NOT NULL, last_printed_ms INTEGER NOT NULL)");
                s.execute("CREATE TABLE pos_event (sequence INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE,"
                        + " type TEXT NOT NULL, envelope TEXT NOT NULL, enqueued INTEGER NOT NULL)");
                s.execute("CREATE INDEX pos_event_unsent ON pos_event (enqueued, sequence)");
                s.execute("CREATE TABLE pos_follower (name TEXT PRIMARY KEY, after_sequence INTEGER NOT NULL)");
            }
            if (version < 2) {
                // low-stock levels (low: alerted and not above the level since), their alerts, physical counts;
                // sales by day and terminal for the reports and a terminal's list of the day
                s.execute("CREATE INDEX pos_sale_day ON pos_sale (business_day, terminal_id)");
                s.execute("CREATE TABLE pos_stock_level (sku TEXT PRIMARY KEY, level INTEGER NOT NULL,"
                        + " low INTEGER NOT NULL, set_by TEXT NOT NULL, reason TEXT NOT NULL, set_at TEXT NOT NULL)");
                s.execute("CREATE TABLE pos_stock_alert (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL,"
                        + " sku TEXT NOT NULL, on_hand INTEGER NOT NULL, available INTEGER NOT NULL,"
                        + " level INTEGER NOT NULL, cause TEXT NOT NULL)");
                s.execute("CREATE TABLE pos_stock_count (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL,"
                        + " sku TEXT NOT NULL, expected INTEGER NOT NULL, counted INTEGER NOT NULL,"
                        + " shrinkage_percent REAL NOT NULL, flagged INTEGER NOT NULL, actor TEXT NOT NULL)");
            }
        }, PosException::storage), outbox);
        pos.handOver();
        return pos;
    }

    /**
     * Runs {@code work} in one transaction and then hands the events it wrote to the outbox. A {@link PosException}
     * or any other failure rolls everything back. Called from inside another's work, it joins that transaction.
     */
    public synchronized <T> T inTransaction(String what, SqliteFile.Work<T> work) {
        if (depth > 0) {
            // part of the caller's transaction: it commits or rolls back the whole
            try {
                return work.run();
            } catch (SQLException e) {
                throw PosException.storage("pos store: cannot " + what + ": " + e.getMessage(), e);
            }
        }
        depth++;
        T result;
        try {
            result = sqlite.inTransaction(what, work);
        } finally {
            depth--;
        }
        handOver();
        if (wrote) {
            wrote = false;
            eventListeners.forEach(Runnable::run);
        }
        return result;
    }

    /** {@code listener} runs after each commit that wrote events (on the committing thread: keep it short). */
    public void onEvents(Runnable listener) {
        eventListeners.add(listener);
    }

    /**
     * The last event sequence follower {@code name} has taken; a follower new to this file starts after the events
     * already in it, so switching one on does not replay the past.
     */
    public synchronized long followed(String name) {
        return inTransaction("read where " + name + " has got to", () -> {
            List<Long> at = query("SELECT after_sequence FROM pos_follower WHERE name = ?", r -> r.getLong(1), name);
            if (!at.isEmpty()) {
                return at.getFirst();
            }
            long last = query("SELECT COALESCE(MAX(sequence), 0) FROM pos_event", r -> r.getLong(1)).getFirst();
            update("INSERT INTO pos_follower (name, after_sequence) VALUES (?, ?)", name, last);
            return last;
        });
    }

    /** Follower {@code name} has taken every event up to {@code sequence}. */
    public synchronized void followedTo(String name, long sequence) {
        inTransaction("record where " + name + " has got to", () -> update("UPDATE pos_follower SET after_sequence = ?"
                + " WHERE name = ?", sequence, name));
    }

    /** Up to {@code limit} events of the {@code types} after {@code sequence}, in sequence. */
    public synchronized List<EventEnvelope> eventsAfter(long sequence, List<String> types, int limit) {
        List<Object> args = new ArrayList<>();
        args.add(sequence);
        args.addAll(types);
        args.add(limit);
        return inTransaction("read the " + String.join(", ", types) + " events after " + sequence, () -> query(
                "SELECT envelope FROM pos_event WHERE sequence > ? AND type IN (" + String.join(", ",
                        Collections.nCopies(types.size(), "?")) + ") ORDER BY sequence LIMIT ?",
                r -> Json.read(r.getString(1), EventEnvelope.class), args.toArray()));
    }

    /** Writes an event for the relay in the running transaction. */
    public void event(String type, Instant at, Object payload) throws SQLException {
        long sequence = query("SELECT COALESCE(MAX(sequence), 0) + 1 FROM pos_event", r -> r.getLong(1)).getFirst();
        EventEnvelope event = new EventEnvelope(ids.next(), site, DEVICE, type, at, sequence, Json.toTree(payload));
        update("INSERT INTO pos_event (sequence, event_id, type, envelope, enqueued) VALUES (?, ?, ?, ?, 0)",
                sequence, event.eventId().toString(), type, Json.writeString(event));
        owed = true;
        wrote = true;
    }

    /** Writes an audit row in the running transaction. */
    public void audit(String terminal, String actor, String action, String detail) throws SQLException {
        update("INSERT INTO pos_audit (at, terminal_id, actor, action, detail) VALUES (?, ?, ?, ?, ?)",
                clock.instant().toString(), terminal, actor, action, detail);
    }

    /** The audit, oldest first: {@code at terminal actor action: detail}. */
    public synchronized List<String> auditTrail() {
        return inTransaction("read the audit", () -> query("SELECT at, COALESCE(terminal_id, '-'), actor, action,"
                + " detail FROM pos_audit ORDER BY id", r -> r.getString(1) + " " + r.getString(2) + " " + r.getString(3)
                + " " + r.getString(4) + ": " + r.getString(5)));
    }

    /** Every event written, in sequence (tests and the status page). */
    public synchronized List<EventEnvelope> events() {
        return inTransaction("read the events", () -> query("SELECT envelope FROM pos_event ORDER BY sequence",
                r -> Json.read(r.getString(1), EventEnvelope.class)));
    }

    /** Events not in the outbox yet. */
    public synchronized long unsent() {
        return inTransaction("count the events not handed over", () -> query("SELECT COUNT(*) FROM pos_event"
                + " WHERE enqueued = 0", r -> r.getLong(1)).getFirst());
    }

    /** Hands the events not in the outbox yet to it; on failure they wait for the next commit or {@link #retry}. */
    private void handOver() {
        if (owed && handover.isPresent() && handover.get().run()) {
            owed = false;
        }
    }

    private List<EventEnvelope> unsentEvents() {
        return sqlite.inTransaction("read the events not in the outbox", () -> query(
                "SELECT envelope FROM pos_event WHERE enqueued = 0 ORDER BY sequence",
                r -> Json.read(r.getString(1), EventEnvelope.class)));
    }

    private void enqueued(List<EventEnvelope> events) {
        sqlite.inTransaction("mark " + events.size() + " events as in the outbox", () -> {
            batch("UPDATE pos_event SET enqueued = 1 WHERE event_id = ?", events,
                    e -> new Object[] {e.eventId().toString()});
            return null;
        });
    }

    /** Hands over what a failed handover left (the engine's scheduled check calls it). */
    public synchronized void retry() {
        handOver();
    }

    public Optional<String> meta(String key) throws SQLException {
        List<String> v = query("SELECT value FROM pos_meta WHERE key = ?", r -> r.getString(1), key);
        return v.isEmpty() ? Optional.empty() : Optional.of(v.getFirst());
    }

    public void setMeta(String key, String value) throws SQLException {
        update("INSERT INTO pos_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                key, value);
    }

    public int update(String sql, Object... args) throws SQLException {
        try (PreparedStatement u = db.prepareStatement(sql)) {
            bind(u, args);
            return u.executeUpdate();
        }
    }

    /** Runs {@code sql} once per element of {@code rows}, as one JDBC batch. */
    public <T> void batch(String sql, List<T> rows, Function<T, Object[]> args) throws SQLException {
        try (PreparedStatement u = db.prepareStatement(sql)) {
            for (T row : rows) {
                bind(u, args.apply(row));
                u.addBatch();
            }
            u.executeBatch();
        }
    }

    public <T> List<T> query(String sql, Row<T> row, Object... args) throws SQLException {
        List<T> out = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement(sql)) {
            bind(q, args);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.add(row.map(r));
                }
            }
        }
        return out;
    }

    private static void bind(PreparedStatement s, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            s.setObject(i + 1, args[i]);
        }
    }

    @Override
    public synchronized void close() {
        sqlite.close();
    }
}
