package dev.outpost.appliance.orders;

import dev.outpost.appliance.sqlite.SqliteFile;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The orders of the site in {@code data.dir/orders.db} (WAL, {@code synchronous=FULL}: a change is on disk before it
 * is answered or published). Instants are epoch milliseconds. Guarded by its owner, {@link Orders}.
 */
final class OrderStore implements AutoCloseable {
    private static final int SCHEMA = 1;
    private final SqliteFile db;

    private OrderStore(SqliteFile db) {
        this.db = db;
    }

    static OrderStore open(Path file) {
        return new OrderStore(SqliteFile.open(file, "order store", SCHEMA, (s, version) -> {
            s.execute("CREATE TABLE orders(id TEXT PRIMARY KEY, business_day TEXT NOT NULL, number INTEGER NOT NULL,"
                    + " state TEXT NOT NULL, created_at INTEGER NOT NULL, submitted_at INTEGER, paid_at INTEGER,"
                    + " transaction_id TEXT, ready_at INTEGER, closed_at INTEGER, reason TEXT,"
                    + " UNIQUE(business_day, number))");
            s.execute("CREATE UNIQUE INDEX orders_by_transaction ON orders(transaction_id)"
                    + " WHERE transaction_id IS NOT NULL");
            s.execute("CREATE INDEX orders_by_state ON orders(state)");
            s.execute("CREATE TABLE order_lines(order_id TEXT NOT NULL, position INTEGER NOT NULL, sku TEXT NOT NULL,"
                    + " name TEXT NOT NULL, category TEXT NOT NULL, quantity INTEGER NOT NULL, note TEXT NOT NULL,"
                    + " station TEXT NOT NULL, PRIMARY KEY(order_id, position))");
            s.execute("CREATE TABLE tickets(order_id TEXT NOT NULL, station TEXT NOT NULL, bumped_at INTEGER,"
                    + " bump_seq INTEGER NOT NULL, PRIMARY KEY(order_id, station))");
        }, OrderException::new));
    }

    /** The next order number of {@code day}. */
    int nextNumber(LocalDate day) {
        return db.inTransaction("read the day's last order number", () -> {
            try (PreparedStatement s = db.connection().prepareStatement(
                    "SELECT COALESCE(MAX(number), 0) + 1 FROM orders WHERE business_day = ?")) {
                s.setString(1, day.toString());
                try (ResultSet r = s.executeQuery()) {
                    return r.getInt(1);
                }
            }
        });
    }

    /** The next bump sequence: recall takes back the highest. */
    long nextBumpSeq() {
        return db.inTransaction("read the last bump", () -> {
            try (PreparedStatement s = db.connection().prepareStatement("SELECT COALESCE(MAX(bump_seq), 0) + 1 FROM tickets");
                 ResultSet r = s.executeQuery()) {
                return r.getLong(1);
            }
        });
    }

    /** Writes {@code order} (a new one with its lines, or a change of state and tickets) in one transaction. */
    void save(Order order, boolean created) {
        db.inTransaction("save order " + order.id(), () -> {
            var c = db.connection();
            try (PreparedStatement s = c.prepareStatement("INSERT INTO orders(id, business_day, number, state, created_at,"
                    + " submitted_at, paid_at, transaction_id, ready_at, closed_at, reason) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
                    + " ON CONFLICT(id) DO UPDATE SET state = excluded.state, submitted_at = excluded.submitted_at,"
                    + " paid_at = excluded.paid_at, transaction_id = excluded.transaction_id, ready_at = excluded.ready_at,"
                    + " closed_at = excluded.closed_at, reason = excluded.reason")) {
                s.setString(1, order.id().toString());
                s.setString(2, order.businessDay().toString());
                s.setInt(3, order.number());
                s.setString(4, order.state().name());
                s.setLong(5, order.createdAt().toEpochMilli());
                setInstant(s, 6, order.submittedAt());
                setInstant(s, 7, order.paidAt());
                s.setString(8, order.transactionId());
                setInstant(s, 9, order.readyAt());
                setInstant(s, 10, order.closedAt());
                s.setString(11, order.reason());
                s.executeUpdate();
            }
            if (created) {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO order_lines(order_id, position, sku, name,"
                        + " category, quantity, note, station) VALUES (?,?,?,?,?,?,?,?)")) {
                    int position = 0;
                    for (Order.Line line : order.lines()) {
                        s.setString(1, order.id().toString());
                        s.setInt(2, position++);
                        s.setString(3, line.sku());
                        s.setString(4, line.name());
                        s.setString(5, line.category());
                        s.setInt(6, line.quantity());
                        s.setString(7, line.note());
                        s.setString(8, line.station());
                        s.executeUpdate();
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO tickets(order_id, station, bumped_at, bump_seq)"
                    + " VALUES (?,?,?,?) ON CONFLICT(order_id, station) DO UPDATE SET bumped_at = excluded.bumped_at,"
                    + " bump_seq = excluded.bump_seq")) {
                for (Order.Ticket ticket : order.tickets()) {
                    s.setString(1, order.id().toString());
                    s.setString(2, ticket.station());
                    setInstant(s, 3, ticket.bumpedAt());
                    s.setLong(4, ticket.bumpSeq());
                    s.executeUpdate();
                }
            }
            return null;
        });
    }

    Optional<Order> find(UUID id) {
        return select("WHERE id = ?", id.toString()).stream().findFirst();
    }

    /** Orders pending payment, preparing or ready, oldest first. */
    List<Order> active() {
        return select("WHERE state IN ('PENDING_PAYMENT', 'PREPARING', 'READY')");
    }

    List<Order> day(LocalDate day) {
        return select("WHERE business_day = ?", day.toString());
    }

    private List<Order> select(String where, String... args) {
        return db.inTransaction("read orders", () -> {
            var c = db.connection();
            Map<String, Order> found = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id, business_day, number, state, created_at,"
                    + " submitted_at, paid_at, transaction_id, ready_at, closed_at, reason FROM orders " + where
                    + " ORDER BY created_at, business_day, number")) {
                for (int i = 0; i < args.length; i++) {
                    s.setString(i + 1, args[i]);
                }
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        String id = r.getString(1);
                        found.put(id, new Order(UUID.fromString(id), LocalDate.parse(r.getString(2)), r.getInt(3),
                                OrderState.valueOf(r.getString(4)), Instant.ofEpochMilli(r.getLong(5)), instant(r, 6),
                                instant(r, 7), r.getString(8), instant(r, 9), instant(r, 10), r.getString(11),
                                List.of(), List.of()));
                    }
                }
            }
            List<Order> orders = new ArrayList<>();
            for (Order order : found.values()) {
                List<Order.Line> lines = new ArrayList<>();
                try (PreparedStatement s = c.prepareStatement("SELECT sku, name, category, quantity, note, station FROM"
                        + " order_lines WHERE order_id = ? ORDER BY position")) {
                    s.setString(1, order.id().toString());
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            lines.add(new Order.Line(r.getString(1), r.getString(2), r.getString(3), r.getInt(4),
                                    r.getString(5), r.getString(6)));
                        }
                    }
                }
                List<Order.Ticket> tickets = new ArrayList<>();
                try (PreparedStatement s = c.prepareStatement("SELECT station, bumped_at, bump_seq FROM tickets"
                        + " WHERE order_id = ? ORDER BY station")) {
                    s.setString(1, order.id().toString());
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            tickets.add(new Order.Ticket(r.getString(1), instant(r, 2), r.getLong(3)));
                        }
                    }
                }
                orders.add(new Order(order.id(), order.businessDay(), order.number(), order.state(), order.createdAt(),
                        order.submittedAt(), order.paidAt(), order.transactionId(), order.readyAt(), order.closedAt(),
                        order.reason(), lines, tickets));
            }
            return orders;
        });
    }

    private static void setInstant(PreparedStatement s, int index, Instant value) throws SQLException {
        if (value == null) {
            s.setNull(index, java.sql.Types.INTEGER);
        } else {
            s.setLong(index, value.toEpochMilli());
        }
    }

    private static Instant instant(ResultSet r, int column) throws SQLException {
        long millis = r.getLong(column);
        return r.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    /** The order paid by {@code transaction}, if any. */
    Optional<Order> byTransaction(String transaction) {
        return select("WHERE transaction_id = ?", transaction).stream().findFirst();
    }

    @Override
    public void close() {
        db.close();
    }
}
