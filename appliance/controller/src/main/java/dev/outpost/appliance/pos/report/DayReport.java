package dev.outpost.appliance.pos.report;

import dev.outpost.appliance.pos.PosDb;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * The end-of-day report of one business day, from {@code pos.db}: sales paid that day (a void takes its sale out and is
 * counted apart), refunds made that day, the money per payment method and provider, and each cashier's sales.
 *
 * @param sales        sales paid that day and not voided
 * @param salesMinor   their total
 * @param taxMinor     the tax in them
 * @param voids        sales paid that day and voided
 * @param voidsMinor   their total
 * @param refunds      refunds completed that day (of sales of any day)
 * @param refundsMinor their total
 * @param netMinor     sales less refunds
 */
public record DayReport(String businessDay, long sales, long salesMinor, long taxMinor, long voids, long voidsMinor,
                        long refunds, long refundsMinor, long netMinor, List<Tender> payments, List<Cashier> cashiers) {
    public DayReport {
        payments = List.copyOf(payments);
        cashiers = List.copyOf(cashiers);
    }

    /** Money taken by one method and provider. */
    public record Tender(String method, String provider, long count, long amountMinor) {
    }

    /** One cashier's sales of the day. */
    public record Cashier(String cashierId, long sales, long salesMinor, long voids) {
    }

    /** The report of {@code day} (YYYY-MM-DD) in the store's zone; 400 for a day that is not a date. */
    public static DayReport of(PosDb db, ZoneId zone, String day) {
        LocalDate date = BusinessDays.date("day report", "day", day);
        BusinessDays days = BusinessDays.of(zone, date, date);
        return db.inTransaction("report business day " + day, () -> report(db, date.toString(), days.fromMs(),
                days.untilMs()));
    }

    private static DayReport report(PosDb db, String day, long from, long until) throws SQLException {
        long[] sold = db.query("SELECT COUNT(*), COALESCE(SUM(total_minor), 0), COALESCE(SUM(tax_minor), 0) FROM pos_sale"
                + " WHERE business_day = ? AND state <> 'VOID'", r -> new long[] {r.getLong(1), r.getLong(2),
                r.getLong(3)}, day).getFirst();
        long[] voided = db.query("SELECT COUNT(*), COALESCE(SUM(total_minor), 0) FROM pos_sale WHERE business_day = ?"
                + " AND state = 'VOID'", r -> new long[] {r.getLong(1), r.getLong(2)}, day).getFirst();
        long[] refunded = db.query("SELECT COUNT(*), COALESCE(SUM(total_minor), 0) FROM pos_sale WHERE state = 'REFUNDED'"
                + " AND closed_ms >= ? AND closed_ms < ?", r -> new long[] {r.getLong(1), r.getLong(2)}, from, until)
                .getFirst();
        List<Tender> tenders = db.query("SELECT p.method, p.provider, COUNT(*), SUM(p.amount_minor) FROM pos_payment p"
                + " JOIN pos_sale s ON s.sale_id = p.sale_id WHERE s.business_day = ? AND s.state <> 'VOID'"
                + " AND p.state = 'SUCCEEDED' GROUP BY p.method, p.provider ORDER BY p.method, p.provider",
                r -> new Tender(r.getString(1), r.getString(2), r.getLong(3), r.getLong(4)), day);
        List<Cashier> cashiers = db.query("SELECT cashier_id, SUM(CASE WHEN state <> 'VOID' THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN state <> 'VOID' THEN total_minor ELSE 0 END),"
                + " SUM(CASE WHEN state = 'VOID' THEN 1 ELSE 0 END) FROM pos_sale WHERE business_day = ?"
                + " GROUP BY cashier_id ORDER BY cashier_id", r -> new Cashier(r.getString(1), r.getLong(2),
                r.getLong(3), r.getLong(4)), day);
        return new DayReport(day, sold[0], sold[1], sold[2], voided[0], voided[1], refunded[0], refunded[1],
                sold[1] - refunded[1], tenders, cashiers);
    }
}
