package dev.outpost.appliance.pos.report;

import dev.outpost.appliance.pos.PosDb;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The inventory snapshot, from {@code pos.db}: every SKU with stock moves or a low-stock level, its stock now, its level,
 * its last physical count and the value of what is on hand at the held catalog's base price; and the totals.
 *
 * @param currency   the held catalog's currency, or null when none is held yet
 * @param valueMinor the value of the stock on hand (a SKU below zero is worth 0; one the catalog does not name too)
 */
public record InventoryReport(Instant at, String catalog, Long catalogVersion, String currency, List<Sku> skus,
                              long onHand, long reserved, long available, long lowSkus, long valueMinor) {
    public InventoryReport {
        skus = List.copyOf(skus);
    }

    /**
     * One SKU's stock.
     *
     * @param name       its name in the held catalog, or null when the catalog does not name it (any more)
     * @param lowLevel   its low-stock level, or null without one
     * @param low        available at or below the level
     * @param priceMinor the held catalog's base price, or null when the catalog does not name it
     * @param lastCount  the last physical count, or null
     */
    public record Sku(String sku, String name, long onHand, long reserved, long available, Long lowLevel, boolean low,
                      Long priceMinor, long valueMinor, Count lastCount) {
    }

    /** A physical count: what was expected, what was counted, and the share missing (flagged above 5 %). */
    public record Count(Instant at, String countedBy, long expected, long counted, double shrinkagePercent,
                        boolean flagged) {
    }

    /** The snapshot now of the stock against {@code catalog} (the store's held catalog). */
    public static InventoryReport of(PosDb db, String catalog, Instant at) {
        return db.inTransaction("report the inventory", () -> report(db, catalog, at));
    }

    private static InventoryReport report(PosDb db, String catalog, Instant at) throws SQLException {
        record Held(long version, String currency) {
        }
        List<Held> held = db.query("SELECT version, currency FROM pos_catalog WHERE catalog = ?",
                r -> new Held(r.getLong(1), r.getString(2)), catalog);
        List<Sku> skus = db.query("""
                SELECT t.sku, c.name, COALESCE(s.on_hand, 0),
                       (SELECT COALESCE(SUM(l.quantity), 0) FROM pos_line l JOIN pos_sale x ON x.sale_id = l.sale_id
                         WHERE l.sku = t.sku AND x.state IN ('DRAFT', 'PENDING_PAYMENT')),
                       v.level, c.price_minor,
                       n.at, n.actor, n.expected, n.counted, n.shrinkage_percent, n.flagged
                  FROM (SELECT sku FROM pos_stock UNION SELECT sku FROM pos_stock_level) t
                  LEFT JOIN pos_stock s ON s.sku = t.sku
                  LEFT JOIN pos_stock_level v ON v.sku = t.sku
                  LEFT JOIN pos_sku c ON c.catalog = ? AND c.sku = t.sku
                  LEFT JOIN pos_stock_count n ON n.id = (SELECT MAX(id) FROM pos_stock_count WHERE sku = t.sku)
                 ORDER BY t.sku""", r -> {
            long onHand = r.getLong(3);
            long reserved = r.getLong(4);
            long available = onHand - reserved;
            Long level = r.getObject(5) == null ? null : r.getLong(5);
            Long price = r.getObject(6) == null ? null : r.getLong(6);
            Count count = r.getString(7) == null ? null : new Count(Instant.parse(r.getString(7)), r.getString(8),
                    r.getLong(9), r.getLong(10), r.getDouble(11), r.getInt(12) == 1);
            return new Sku(r.getString(1), r.getString(2), onHand, reserved, available, level,
                    level != null && available <= level, price, price == null ? 0 : Math.max(0, onHand) * price, count);
        }, catalog);
        return new InventoryReport(at, catalog, held.isEmpty() ? null : held.getFirst().version(),
                held.isEmpty() ? null : held.getFirst().currency(), skus, skus.stream().mapToLong(Sku::onHand).sum(),
                skus.stream().mapToLong(Sku::reserved).sum(), skus.stream().mapToLong(Sku::available).sum(),
                skus.stream().filter(Sku::low).count(), skus.stream().mapToLong(Sku::valueMinor).sum());
    }
}
