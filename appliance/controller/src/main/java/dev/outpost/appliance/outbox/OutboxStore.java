package dev.outpost.appliance.outbox;

import dev.outpost.api.event.EventBatchResult;
import dev.outpost.api.event.EventEnvelope;
import dev.outpost.api.event.Rejection;
import dev.outpost.api.json.Json;
import dev.outpost.appliance.sqlite.SqliteFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

/**
 * The outbox's table in SQLite, WAL with {@code synchronous=FULL}: a commit is on disk when it returns. One
 * connection, guarded by this object's lock.
 *
 * <p>Events go out in the order they were stored ({@code position}). An event's id is unique, so a device sending an
 * event again stores nothing. Per device, {@code outbox_stream} keeps the highest sequence up to which every event is
 * stored: it starts just below the first sequence the outbox sees of the device (a device whose earlier events went
 * to a previous outbox is not held back by them). Sent events are kept for {@link #KEEP_SENT}, so a device that
 * sends again because an acknowledgement was lost is still recognised, and then deleted once its stream's mark is
 * past them. Parked events stay until someone deals with them.
 */
final class OutboxStore implements AutoCloseable {
    static final Duration KEEP_SENT = Duration.ofHours(1);
    private static final int SCHEMA = 1;

    private final InstantSource clock;
    private final SqliteFile sqlite;
    private final Connection db;

    private OutboxStore(InstantSource clock, SqliteFile sqlite) {
        this.clock = clock;
        this.sqlite = sqlite;
        this.db = sqlite.connection();
    }

    /** Opens (creating it if need be) the outbox in {@code file}. */
    static OutboxStore open(Path file, InstantSource clock) {
        return new OutboxStore(clock, SqliteFile.open(file, "outbox", SCHEMA, (s, version) -> {
            s.execute("CREATE TABLE outbox_event (position INTEGER PRIMARY KEY AUTOINCREMENT,"
                    + " event_id TEXT NOT NULL UNIQUE, device_id TEXT NOT NULL, sequence INTEGER NOT NULL,"
                    + " type TEXT NOT NULL, envelope TEXT NOT NULL, stored_ms INTEGER NOT NULL,"
                    + " state TEXT NOT NULL CHECK (state IN ('PENDING', 'SENT', 'PARKED')), reason TEXT)");
            s.execute("CREATE INDEX outbox_event_state ON outbox_event (state, position)");
            s.execute("CREATE INDEX outbox_event_stream ON outbox_event (device_id, sequence)");
            s.execute("CREATE TABLE outbox_stream (device_id TEXT PRIMARY KEY, through_sequence INTEGER NOT NULL)");
        }, OutboxException::new));
    }

    /**
     * Stores {@code events} of device {@code deviceId} that are not stored yet, in one transaction, and moves the
     * device's mark over every sequence now stored contiguously.
     *
     * @throws IllegalArgumentException if an event names another device; then nothing is stored
     */
    synchronized Appended append(String deviceId, List<EventEnvelope> events) {
        for (EventEnvelope event : events) {
            if (!event.deviceId().equals(deviceId)) {
                throw new IllegalArgumentException("outbox: event " + event.eventId() + " names device '" + event.deviceId()
                        + "', not '" + deviceId + "'; nothing stored");
            }
        }
        return inTransaction("store " + events.size() + " events of device " + deviceId, () -> {
            List<EventEnvelope> stored = new ArrayList<>();
            long now = clock.millis();
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO outbox_event"
                    + " (event_id, device_id, sequence, type, envelope, stored_ms, state) VALUES (?, ?, ?, ?, ?, ?, 'PENDING')"
                    + " ON CONFLICT (event_id) DO NOTHING")) {
                for (EventEnvelope event : events) {
                    insert.setString(1, event.eventId().toString());
                    insert.setString(2, deviceId);
                    insert.setLong(3, event.sequence());
                    insert.setString(4, event.type());
                    insert.setString(5, Json.writeString(event));
                    insert.setLong(6, now);
                    if (insert.executeUpdate() == 1) {
                        stored.add(event);
                    }
                }
            }
            OptionalLong mark = mark(deviceId);
            long through = mark.isPresent() ? mark.getAsLong()
                    : events.stream().mapToLong(EventEnvelope::sequence).min().orElse(0) - 1;
            through = contiguousFrom(deviceId, through);
            if (mark.isEmpty() || mark.getAsLong() != through) {
                try (PreparedStatement save = db.prepareStatement("INSERT INTO outbox_stream (device_id, through_sequence)"
                        + " VALUES (?, ?) ON CONFLICT (device_id) DO UPDATE SET through_sequence = excluded.through_sequence")) {
                    save.setString(1, deviceId);
                    save.setLong(2, through);
                    save.executeUpdate();
                }
            }
            return new Appended(stored, through);
        });
    }

    private OptionalLong mark(String deviceId) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT through_sequence FROM outbox_stream WHERE device_id = ?")) {
            q.setString(1, deviceId);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? OptionalLong.of(r.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    private long contiguousFrom(String deviceId, long through) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT DISTINCT sequence FROM outbox_event"
                + " WHERE device_id = ? AND sequence > ? ORDER BY sequence")) {
            q.setString(1, deviceId);
            q.setLong(2, through);
            try (ResultSet r = q.executeQuery()) {
                while (r.next() && r.getLong(1) == through + 1) {
                    through++;
                }
            }
        }
        return through;
    }

    /** Up to {@code max} events waiting to go, oldest first. */
    synchronized List<EventEnvelope> pending(int max) {
        return inTransaction("read pending events", () -> {
            List<EventEnvelope> out = new ArrayList<>();
            try (PreparedStatement q = db.prepareStatement("SELECT envelope FROM outbox_event WHERE state = 'PENDING'"
                    + " ORDER BY position LIMIT ?")) {
                q.setInt(1, max);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        out.add(Json.read(r.getString(1), EventEnvelope.class));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Records the relay's answer to a batch of {@code sent} events: accepted and duplicate ones are sent, rejected
     * ones parked with the relay's reason. Ids the batch did not hold are ignored.
     *
     * @return how many events of the batch the answer settled
     */
    synchronized int settle(List<EventEnvelope> sent, EventBatchResult result) {
        Set<UUID> batch = new HashSet<>();
        sent.forEach(e -> batch.add(e.eventId()));
        return inTransaction("record the relay's answer to " + sent.size() + " events", () -> {
            int settled = 0;
            try (PreparedStatement done = db.prepareStatement("UPDATE outbox_event SET state = 'SENT'"
                    + " WHERE event_id = ? AND state = 'PENDING'")) {
                for (List<UUID> ids : List.of(result.accepted(), result.duplicate())) {
                    for (UUID id : ids) {
                        if (batch.contains(id)) {
                            done.setString(1, id.toString());
                            settled += done.executeUpdate();
                        }
                    }
                }
            }
            for (Rejection rejection : result.rejected()) {
                if (batch.contains(rejection.eventId())) {
                    settled += parkRow(rejection.eventId(), rejection.reason());
                }
            }
            try (PreparedStatement prune = db.prepareStatement("DELETE FROM outbox_event WHERE state = 'SENT'"
                    + " AND stored_ms < ? AND sequence <= COALESCE((SELECT s.through_sequence FROM outbox_stream s"
                    + " WHERE s.device_id = outbox_event.device_id), -1)")) {
                prune.setLong(1, clock.millis() - KEEP_SENT.toMillis());
                prune.executeUpdate();
            }
            return settled;
        });
    }

    /** Sets one waiting event aside, with why. */
    synchronized void park(UUID eventId, String reason) {
        inTransaction("park event " + eventId, () -> parkRow(eventId, reason));
    }

    private int parkRow(UUID eventId, String reason) throws SQLException {
        try (PreparedStatement park = db.prepareStatement("UPDATE outbox_event SET state = 'PARKED', reason = ?"
                + " WHERE event_id = ? AND state = 'PENDING'")) {
            park.setString(1, reason);
            park.setString(2, eventId.toString());
            return park.executeUpdate();
        }
    }

    /** Waiting and parked counts, and when the oldest waiting event was stored. */
    record Depth(long pending, Instant oldestStoredAt, long parked, List<ParkedEvent> recentParked) {
    }

    synchronized Depth depth(int shownParked) {
        return inTransaction("read its depth", () -> {
            long pending;
            Instant oldest;
            long parked;
            try (Statement s = db.createStatement()) {
                try (ResultSet r = s.executeQuery("SELECT COUNT(*), MIN(stored_ms) FROM outbox_event WHERE state = 'PENDING'")) {
                    pending = r.getLong(1);
                    long min = r.getLong(2);
                    oldest = r.wasNull() ? null : Instant.ofEpochMilli(min);
                }
                try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM outbox_event WHERE state = 'PARKED'")) {
                    parked = r.getLong(1);
                }
            }
            List<ParkedEvent> recent = new ArrayList<>();
            try (PreparedStatement q = db.prepareStatement("SELECT event_id, device_id, sequence, type, stored_ms, reason"
                    + " FROM outbox_event WHERE state = 'PARKED' ORDER BY position DESC LIMIT ?")) {
                q.setInt(1, shownParked);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        recent.add(new ParkedEvent(UUID.fromString(r.getString(1)), r.getString(2), r.getLong(3),
                                r.getString(4), Instant.ofEpochMilli(r.getLong(5)), r.getString(6)));
                    }
                }
            }
            return new Depth(pending, oldest, parked, recent);
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
