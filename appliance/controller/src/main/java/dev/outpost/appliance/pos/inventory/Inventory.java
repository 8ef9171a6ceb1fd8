package dev.outpost.appliance.pos.inventory;

import dev.outpost.api.event.StockLow;
import dev.outpost.appliance.pos.PosDb;
import dev.outpost.appliance.pos.PosException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * Stock per SKU in {@code pos.db}: {@code on_hand} and every move that changed it ({@code pos_stock_move}: the delta,
 * its reason, the sale or the person). A PAID sale takes its quantities off in the transaction that records it paid;
 * a voided PAID sale puts them back. Units in sales not paid yet (DRAFT, PENDING_PAYMENT) are reserved: available is
 * on hand minus reserved. Stock may go below zero: a cashier is never stopped by the count, the shortfall shows.
 * Adjustments need a reason code and a manager; a refund does not restock by itself (the goods may not be sellable):
 * a manager adjusts with RETURNED. A physical count sets on hand to what was counted and flags shrinkage above 5 %.
 *
 * <p>Low stock: a manager gives a SKU a level. When a paid sale, an adjustment or a count takes its available stock to
 * or below it, a {@code pos.stock.low} alert commits with that move; the SKU stays low, and does not alert again,
 * until a move takes it above the level (a crossing, not every sale below it).
 */
public final class Inventory {
    /** Why stock changed by hand. */
    public enum Reason {
        RECEIVED, RETURNED, DAMAGED, THEFT, COUNT_CORRECTION;

        static Reason of(String value) {
            for (Reason r : values()) {
                if (r.name().equalsIgnoreCase(value)) {
                    return r;
                }
            }
            throw PosException.badInput("inventory adjustment: reason: must be one of received, returned, damaged,"
                    + " theft, count_correction, was '" + value + "'");
        }
    }

    /** One SKU's stock. */
    public record Level(String sku, long onHand, long reserved, long available) {
    }

    /** One line of a sale, for stock. */
    public record Units(String sku, long quantity) {
    }

    private final PosDb db;
    private final InstantSource clock;

    public Inventory(PosDb db, InstantSource clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Takes a paid sale's units off, in the caller's transaction, with a low-stock alert for a SKU it takes low. */
    public void sold(String saleId, String cashier, List<Units> units) throws SQLException {
        for (Units u : units) {
            move(u.sku(), -u.quantity(), "SALE", saleId, cashier, null);
        }
        for (String sku : skus(units)) {
            watch(sku, "sale");
        }
    }

    /** Puts a voided sale's units back, in the caller's transaction. */
    public void voided(String saleId, String manager, List<Units> units) throws SQLException {
        for (Units u : units) {
            move(u.sku(), u.quantity(), "VOID", saleId, manager, null);
        }
        for (String sku : skus(units)) {
            watch(sku, null);
        }
    }

    private static LinkedHashSet<String> skus(List<Units> units) {
        LinkedHashSet<String> skus = new LinkedHashSet<>();
        units.forEach(u -> skus.add(u.sku()));
        return skus;
    }

    /** A SKU's low-stock level as a manager set it, and whether it is low now. */
    public record LowLevel(String sku, long level, long onHand, long available, boolean low, String setBy,
                           String reason, Instant setAt) {
    }

    /**
     * A manager sets {@code sku}'s low-stock level (0 and up), audited with the reason. The SKU counts as low at once
     * if its available stock is at or below it, with no alert: the manager sees it in the answer.
     */
    public LowLevel setLowLevel(String sku, long level, String manager, String reason) {
        if (sku == null || sku.isBlank()) {
            throw PosException.badInput("low-stock level: sku: must not be blank");
        }
        if (level < 0) {
            throw PosException.badInput("low-stock level of " + sku + ": level: must not be negative, was " + level);
        }
        if (reason == null || reason.isBlank()) {
            throw PosException.badInput("low-stock level of " + sku + ": reason: must not be blank");
        }
        Instant now = clock.instant();
        return db.inTransaction("set the low-stock level of " + sku, () -> {
            Level stock = level0(sku);
            boolean low = stock.available() <= level;
            db.update("INSERT INTO pos_stock_level (sku, level, low, set_by, reason, set_at) VALUES (?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (sku) DO UPDATE SET level = excluded.level, low = excluded.low,"
                    + " set_by = excluded.set_by, reason = excluded.reason, set_at = excluded.set_at",
                    sku, level, low ? 1 : 0, manager, reason, now.toString());
            db.audit(null, manager, "stock-low-level", sku + " level " + level + ": " + reason);
            return new LowLevel(sku, level, stock.onHand(), stock.available(), low, manager, reason, now);
        });
    }

    /** A SKU at or below its low-stock level now, with its last alert (null when it was low when its level was set). */
    public record Low(String sku, long onHand, long reserved, long available, long level, Instant alertedAt) {
    }

    /** Every SKU at or below its low-stock level now, by SKU. */
    public List<Low> low() {
        return db.inTransaction("read the low stock", () -> {
            record Watched(String sku, long level) {
            }
            List<Watched> watched = db.query("SELECT sku, level FROM pos_stock_level ORDER BY sku",
                    r -> new Watched(r.getString(1), r.getLong(2)));
            List<Low> low = new ArrayList<>();
            for (Watched w : watched) {
                Level stock = level0(w.sku());
                if (stock.available() <= w.level()) {
                    Instant alerted = db.query("SELECT at FROM pos_stock_alert WHERE sku = ? ORDER BY id DESC LIMIT 1",
                            r -> Instant.parse(r.getString(1)), w.sku()).stream().findFirst().orElse(null);
                    low.add(new Low(w.sku(), stock.onHand(), stock.reserved(), stock.available(), w.level(), alerted));
                }
            }
            return low;
        });
    }

    /**
     * After a move of {@code sku}: alerts when it is at or below its level and was not low ({@code cause} null only
     * re-arms: a restock never alerts), and re-arms it when it is above.
     */
    private void watch(String sku, String cause) throws SQLException {
        record Watched(long level, boolean low) {
        }
        List<Watched> watched = db.query("SELECT level, low FROM pos_stock_level WHERE sku = ?",
                r -> new Watched(r.getLong(1), r.getInt(2) == 1), sku);
        if (watched.isEmpty()) {
            return;
        }
        Watched w = watched.getFirst();
        Level stock = level0(sku);
        boolean below = stock.available() <= w.level();
        if (below && !w.low() && cause != null) {
            Instant now = clock.instant();
            db.update("UPDATE pos_stock_level SET low = 1 WHERE sku = ?", sku);
            db.update("INSERT INTO pos_stock_alert (at, sku, on_hand, available, level, cause) VALUES (?, ?, ?, ?, ?, ?)",
                    now.toString(), sku, stock.onHand(), stock.available(), w.level(), cause);
            db.event(StockLow.TYPE, now, new StockLow(sku, stock.onHand(), stock.available(), w.level(), cause, now));
        } else if (!below && w.low()) {
            db.update("UPDATE pos_stock_level SET low = 0 WHERE sku = ?", sku);
        }
    }

    /** A manager's adjustment with a reason code; 400 for a zero delta or an unknown reason. */
    public Level adjust(String sku, long delta, String reason, String manager, String note) {
        if (sku == null || sku.isBlank()) {
            throw PosException.badInput("inventory adjustment: sku: must not be blank");
        }
        if (delta == 0) {
            throw PosException.badInput("inventory adjustment: delta: must not be 0");
        }
        Reason why = Reason.of(reason);
        return db.inTransaction("adjust the stock of " + sku, () -> {
            move(sku, delta, why.name(), null, manager, note == null || note.isBlank() ? null : note);
            watch(sku, "adjustment");
            db.audit(null, manager, "stock-adjustment", sku + " " + (delta > 0 ? "+" : "") + delta + " "
                    + why.name().toLowerCase(Locale.ROOT) + (note == null || note.isBlank() ? "" : ": " + note));
            return level0(sku);
        });
    }

    /**
     * What a physical count found: the correction made ({@code counted} − on hand) and the shrinkage, the share of the
     * expected stock that is missing, flagged above {@link #SHRINKAGE_FLAG_PERCENT}.
     */
    public record Count(String sku, long expected, long counted, long correction, double shrinkagePercent,
                        boolean flagged) {
    }

    public static final double SHRINKAGE_FLAG_PERCENT = 5.0;

    /** A manager's physical count of a SKU: on hand becomes {@code counted} (a COUNT_CORRECTION move), audited. */
    public Count count(String sku, long counted, String manager) {
        if (sku == null || sku.isBlank()) {
            throw PosException.badInput("inventory count: sku: must not be blank");
        }
        if (counted < 0) {
            throw PosException.badInput("inventory count: counted: must not be negative, was " + counted);
        }
        return db.inTransaction("count the stock of " + sku, () -> {
            long expected = level0(sku).onHand();
            long correction = counted - expected;
            double shrinkage = expected > 0 && counted < expected ? 100.0 * (expected - counted) / expected : 0.0;
            boolean flagged = shrinkage > SHRINKAGE_FLAG_PERCENT;
            if (correction != 0) {
                move(sku, correction, Reason.COUNT_CORRECTION.name(), null, manager, "physical count " + counted);
                watch(sku, "count");
            }
            db.update("INSERT INTO pos_stock_count (at, sku, expected, counted, shrinkage_percent, flagged, actor)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)", clock.instant().toString(), sku, expected, counted, shrinkage,
                    flagged ? 1 : 0, manager);
            db.audit(null, manager, "stock-count", sku + " counted " + counted + ", expected " + expected
                    + (flagged ? String.format(Locale.ROOT, ", shrinkage %.1f %% flagged", shrinkage) : ""));
            return new Count(sku, expected, counted, correction, shrinkage, flagged);
        });
    }

    public Level level(String sku) {
        return db.inTransaction("read the stock of " + sku, () -> level0(sku));
    }

    private Level level0(String sku) throws SQLException {
        long onHand = db.query("SELECT on_hand FROM pos_stock WHERE sku = ?", r -> r.getLong(1), sku).stream()
                .findFirst().orElse(0L);
        long reserved = db.query("SELECT COALESCE(SUM(l.quantity), 0) FROM pos_line l JOIN pos_sale s"
                + " ON s.sale_id = l.sale_id WHERE l.sku = ? AND s.state IN ('DRAFT', 'PENDING_PAYMENT')",
                r -> r.getLong(1), sku).getFirst();
        return new Level(sku, onHand, reserved, onHand - reserved);
    }

    private void move(String sku, long delta, String reason, String saleId, String actor, String note)
            throws SQLException {
        db.update("INSERT INTO pos_stock (sku, on_hand) VALUES (?, ?) ON CONFLICT (sku) DO UPDATE"
                + " SET on_hand = on_hand + excluded.on_hand", sku, delta);
        db.update("INSERT INTO pos_stock_move (at, sku, delta, reason, sale_id, actor, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
                clock.instant().toString(), sku, delta, reason, saleId, actor, note);
    }
}
