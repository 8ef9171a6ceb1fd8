package dev.outpost.gate.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.api.event.EventEnvelope;
import dev.outpost.api.event.UuidV7;
import dev.outpost.api.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The journal in SQLite: WAL with {@code synchronous=FULL}, so a commit is on disk when it returns. One connection,
 * used by one thread at a time (the gate's loop), guarded by this object's lock. Entries the hub acknowledged are
 * kept for a while ({@link #KEEP_FORWARDED}) for inspection and then deleted.
 */
public final class SqliteJournal implements Journal {
    static final int KEEP_FORWARDED = 10_000;

    private final String siteId;
    private final String gateId;
    private final InstantSource clock;
    private final UuidV7 ids;
    private final Connection db;
    private final PreparedStatement insert;
    private final PreparedStatement saveBook;
    private Optional<GateBook> book;
    private long acksSincePrune;

    private SqliteJournal(String siteId, String gateId, InstantSource clock, Connection db) throws SQLException {
        this.siteId = siteId;
        this.gateId = gateId;
        this.clock = clock;
        this.ids = new UuidV7(clock);
        this.db = db;
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            s.execute("CREATE TABLE IF NOT EXISTS journal (sequence INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE,"
                    + " type TEXT NOT NULL, occurred_at TEXT NOT NULL, payload TEXT NOT NULL,"
                    + " forwarded INTEGER NOT NULL DEFAULT 0)");
            s.execute("CREATE TABLE IF NOT EXISTS book (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL)");
        }
        db.setAutoCommit(false);
        insert = db.prepareStatement("INSERT INTO journal (sequence, event_id, type, occurred_at, payload) VALUES (?, ?, ?, ?, ?)");
        saveBook = db.prepareStatement("INSERT INTO book (id, json) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json");
        book = readBook();
        db.commit();
    }

    /** Opens (creating if needed) {@code dir/journal.db}. */
    public static SqliteJournal open(Path dir, String siteId, String gateId, InstantSource clock) {
        try {
            Files.createDirectories(dir);
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("journal.db"));
            try {
                return new SqliteJournal(siteId, gateId, clock, db);
            } catch (SQLException | RuntimeException e) {
                db.close();
                throw e;
            }
        } catch (java.io.IOException | SQLException e) {
            throw new JournalException("journal " + dir.resolve("journal.db") + ": cannot open: " + e.getMessage(), e);
        }
    }

    private Optional<GateBook> readBook() throws SQLException {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT json FROM book WHERE id = 1")) {
            return r.next() ? Optional.of(readBook(r.getString(1))) : Optional.empty();
        }
    }

    /**
     * A book as written by this release or an earlier one: a book from before gates learned of recounts says none (0
     * with nothing before it), so the first recount the gate hears of takes every exit it has counted as before it.
     */
    static GateBook readBook(String json) {
        JsonNode tree = Json.tree(json);
        if (tree instanceof ObjectNode fields && !fields.has("recounts")) {
            fields.put("recounts", 0L);
            fields.put("pre_exited", 0L);
        }
        return Json.convert(tree, GateBook.class);
    }

    @Override
    public synchronized Optional<GateBook> book() {
        return book;
    }

    @Override
    public synchronized EventEnvelope append(String type, JsonNode payload, GateBook after) {
        GateBook written = after.next();
        Instant now = clock.instant();
        EventEnvelope event = new EventEnvelope(ids.next(), siteId, gateId, type, now, written.sequence(), payload);
        try {
            insert.setLong(1, event.sequence());
            insert.setString(2, event.eventId().toString());
            insert.setString(3, type);
            insert.setString(4, now.toString());
            insert.setString(5, Json.writeString(payload));
            insert.executeUpdate();
            saveBook.setString(1, Json.writeString(written));
            saveBook.executeUpdate();
            db.commit();
        } catch (SQLException e) {
            rollback();
            throw new JournalException("journal of gate " + gateId + ": cannot write " + type + " #" + event.sequence()
                    + ": " + e.getMessage(), e);
        }
        book = Optional.of(written);
        return event;
    }

    @Override
    public synchronized List<EventEnvelope> unforwarded(int max) {
        List<EventEnvelope> out = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement("SELECT sequence, event_id, type, occurred_at, payload FROM journal"
                + " WHERE forwarded = 0 ORDER BY sequence LIMIT ?")) {
            q.setInt(1, max);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.add(new EventEnvelope(java.util.UUID.fromString(r.getString(2)), siteId, gateId, r.getString(3),
                            Instant.parse(r.getString(4)), r.getLong(1), Json.tree(r.getString(5))));
                }
            }
            db.commit();
        } catch (SQLException e) {
            rollback();
            throw new JournalException("journal of gate " + gateId + ": cannot read entries to forward: " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public synchronized void forwarded(long sequence) {
        try (PreparedStatement mark = db.prepareStatement("UPDATE journal SET forwarded = 1 WHERE forwarded = 0 AND sequence <= ?");
             PreparedStatement prune = db.prepareStatement("DELETE FROM journal WHERE forwarded = 1 AND sequence <= ?")) {
            mark.setLong(1, sequence);
            mark.executeUpdate();
            acksSincePrune++;
            if (acksSincePrune >= 100) {
                prune.setLong(1, sequence - KEEP_FORWARDED);
                prune.executeUpdate();
                acksSincePrune = 0;
            }
            db.commit();
        } catch (SQLException e) {
            rollback();
            throw new JournalException("journal of gate " + gateId + ": cannot mark entries through #" + sequence
                    + " forwarded: " + e.getMessage(), e);
        }
    }

    private void rollback() {
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // the failure being reported is the one that matters; the connection rolls back on close anyway
        }
    }

    @Override
    public synchronized void close() {
        try {
            insert.close();
            saveBook.close();
            db.close();
        } catch (SQLException e) {
            throw new JournalException("journal of gate " + gateId + ": cannot close: " + e.getMessage(), e);
        }
    }
}
