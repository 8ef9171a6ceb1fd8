package dev.outpost.appliance.legacy;

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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sales waiting for the legacy POS, in {@code legacy.db} (SQLite, WAL, {@code synchronous=FULL}: on disk when
 * {@link #enqueue} returns). They go in the order queued ({@code position}); one the device refuses for good is
 * parked with its reason and the rest go on. Delivered sales are kept for {@link #KEEP_DELIVERED}, so the same sale
 * forwarded again is recognised, then deleted. One connection, guarded by this object's lock.
 */
final class RetryQueue implements AutoCloseable {
    static final Duration KEEP_DELIVERED = Duration.ofDays(7);
    private static final int SCHEMA = 1;

    /** A sale waiting in the queue. */
    record Queued(long position, SaleRecord sale) {
    }

    /** Waiting and parked counts, when the oldest waiting sale was queued, and the latest parked, newest first. */
    record Depth(long pending, Instant oldestQueuedAt, long parked, List<ParkedSale> recentParked) {
    }

    private final SqliteFile sqlite;
    private final Connection db;
    private final InstantSource clock;

    private RetryQueue(SqliteFile sqlite, InstantSource clock) {
        this.sqlite = sqlite;
        this.db = sqlite.connection();
        this.clock = clock;
    }

    static RetryQueue open(Path file, InstantSource clock) {
        return new RetryQueue(SqliteFile.open(file, "legacy queue", SCHEMA, (s, version) -> {
            s.execute("CREATE TABLE legacy_sale (position INTEGER PRIMARY KEY AUTOINCREMENT,"
                    + " transaction_id TEXT NOT NULL UNIQUE, total_minor INTEGER NOT NULL, currency TEXT NOT NULL,"
                    + " business_day TEXT NOT NULL, occurred_at TEXT NOT NULL, queued_ms INTEGER NOT NULL,"
                    + " state TEXT NOT NULL CHECK (state IN ('PENDING', 'DELIVERED', 'PARKED')), reason TEXT,"
                    + " settled_ms INTEGER)");
            s.execute("CREATE INDEX legacy_sale_state ON legacy_sale (state, position)");
        }, LegacyGatewayException::new), clock);
    }

    /**
     * Queues {@code sale} durably unless it is queued already.
     *
     * @return false when the same sale was queued before (nothing changed)
     * @throws IllegalArgumentException when a sale with that transaction id was queued with other contents
     */
    synchronized boolean enqueue(SaleRecord sale) {
        return sqlite.inTransaction("queue sale " + sale.transactionId(), () -> {
            Optional<SaleRecord> earlier = find(sale.transactionId());
            if (earlier.isPresent()) {
                if (!earlier.get().equals(sale)) {
                    throw new IllegalArgumentException("legacy gateway: sale " + sale.transactionId() + " was forwarded"
                            + " before as " + earlier.get() + ", now as " + sale + "; a sale is sent once, nothing changed");
                }
                return false;
            }
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO legacy_sale (transaction_id, total_minor,"
                    + " currency, business_day, occurred_at, queued_ms, state) VALUES (?, ?, ?, ?, ?, ?, 'PENDING')")) {
                insert.setString(1, sale.transactionId());
                insert.setLong(2, sale.totalMinor());
                insert.setString(3, sale.currency());
                insert.setString(4, sale.businessDay().toString());
                insert.setString(5, sale.occurredAt().toString());
                insert.setLong(6, clock.millis());
                insert.executeUpdate();
            }
            return true;
        });
    }

    private Optional<SaleRecord> find(String transactionId) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT transaction_id, total_minor, currency, business_day,"
                + " occurred_at FROM legacy_sale WHERE transaction_id = ?")) {
            q.setString(1, transactionId);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? Optional.of(sale(r)) : Optional.empty();
            }
        }
    }

    private static SaleRecord sale(ResultSet r) throws SQLException {
        return new SaleRecord(r.getString(1), r.getLong(2), r.getString(3), LocalDate.parse(r.getString(4)),
                Instant.parse(r.getString(5)));
    }

    /** The oldest sale waiting, if any. */
    synchronized Optional<Queued> head() {
        return sqlite.inTransaction("read the next sale", () -> {
            try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT transaction_id, total_minor,"
                    + " currency, business_day, occurred_at, position FROM legacy_sale"
                    + " WHERE state = 'PENDING' ORDER BY position LIMIT 1")) {
                return r.next() ? Optional.of(new Queued(r.getLong(6), sale(r))) : Optional.empty();
            }
        });
    }

    /** The device has the sale at {@code position}. */
    synchronized void delivered(long position) {
        sqlite.inTransaction("record sale " + position + " delivered", () -> {
            settle(position, "DELIVERED", null);
            try (PreparedStatement prune = db.prepareStatement("DELETE FROM legacy_sale WHERE state = 'DELIVERED'"
                    + " AND settled_ms < ?")) {
                prune.setLong(1, clock.millis() - KEEP_DELIVERED.toMillis());
                prune.executeUpdate();
            }
            return null;
        });
    }

    /** The device refuses the sale at {@code position} for good: set it aside with why. */
    synchronized void park(long position, String reason) {
        sqlite.inTransaction("park sale " + position, () -> settle(position, "PARKED", reason));
    }

    private int settle(long position, String state, String reason) throws SQLException {
        try (PreparedStatement u = db.prepareStatement("UPDATE legacy_sale SET state = ?, reason = ?, settled_ms = ?"
                + " WHERE position = ? AND state = 'PENDING'")) {
            u.setString(1, state);
            u.setString(2, reason);
            u.setLong(3, clock.millis());
            u.setLong(4, position);
            return u.executeUpdate();
        }
    }

    synchronized Depth depth(int shownParked) {
        return sqlite.inTransaction("read its depth", () -> {
            long pending;
            Instant oldest;
            long parked;
            try (Statement s = db.createStatement()) {
                try (ResultSet r = s.executeQuery("SELECT COUNT(*), MIN(queued_ms) FROM legacy_sale WHERE state = 'PENDING'")) {
                    pending = r.getLong(1);
                    long min = r.getLong(2);
                    oldest = r.wasNull() ? null : Instant.ofEpochMilli(min);
                }
                try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM legacy_sale WHERE state = 'PARKED'")) {
                    parked = r.getLong(1);
                }
            }
            List<ParkedSale> recent = new ArrayList<>();
            try (PreparedStatement q = db.prepareStatement("SELECT transaction_id, queued_ms, settled_ms, reason"
                    + " FROM legacy_sale WHERE state = 'PARKED' ORDER BY position DESC LIMIT ?")) {
                q.setInt(1, shownParked);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        recent.add(new ParkedSale(r.getString(1), Instant.ofEpochMilli(r.getLong(2)),
                                Instant.ofEpochMilli(r.getLong(3)), r.getString(4)));
                    }
                }
            }
            return new Depth(pending, oldest, parked, recent);
        });
    }

    @Override
    public synchronized void close() {
        sqlite.close();
    }
}
