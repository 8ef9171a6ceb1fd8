package dev.outpost.appliance.pos.inventory;

import dev.outpost.appliance.pos.PosDb;
import dev.outpost.appliance.pos.PosException;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;

/**
 * Stock per SKU in {@code pos.db}: {@code on_hand} and every move that changed it ({@code pos_stock_move}: the delta,
 * its reason, the sale or the person). A PAID sale takes its quantities off in the transaction that records it paid;
 * a voided PAID sale puts them back. Units in sales not paid yet (DRAFT, PENDING_PAYMENT) are reserved: available is
 * on hand minus reserved. Stock may go below zero: a cashier is never stopped by the count, the shortfall shows.
 * Adjustments need a reason code and a manager; a refund does not restock by itself (the goods may not be sellable):
 * a manager adjusts with RETURNED. A physical count sets on hand to what was counted and flags shrinkage above 5 %.
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

    /** Takes a paid sale's units off, in the caller's transaction. */
    public void sold(String saleId, String cashier, List<Units> units) throws SQLException {
        for (Units u : units) {
            move(u.sku(), -u.quantity(), "SALE", saleId, cashier, null);
        }
    }

    /** Puts a voided sale's units back, in the caller's transaction. */
    public void voided(String saleId, String manager, List<Units> units) throws SQLException {
        for (Units u : units) {
            move(u.sku(), u.quantity(), "VOID", saleId, manager, null);
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
            }
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
