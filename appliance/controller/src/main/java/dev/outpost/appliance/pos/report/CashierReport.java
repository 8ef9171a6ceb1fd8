package dev.outpost.appliance.pos.report;

import dev.outpost.appliance.pos.PosDb;
import dev.outpost.appliance.pos.PosException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each employee's performance over business days {@code from} to {@code to} (store time), from {@code pos.db}: the
 * sales they rang that were paid on those days and not voided, the ones voided, the refunds completed on those days of
 * sales they rang, their failed logins and the first and last thing they did on those days (a sale opened or paid, a
 * login, a logout, a failed login).
 */
public record CashierReport(String from, String to, List<Employee> employees) {
    /** The longest range one report covers, in days. */
    public static final int MAX_DAYS = 366;

    public CashierReport {
        employees = List.copyOf(employees);
    }

    /**
     * One employee's figures.
     *
     * @param averageBasketMinor gross ÷ sales, rounded half up (0 without sales)
     * @param itemsPerSale       units sold ÷ sales (0 without sales)
     * @param firstActivity      null when they did nothing on those days but appear by a refund
     */
    public record Employee(String employeeId, long sales, long grossMinor, long averageBasketMinor, double itemsPerSale,
                           long voids, long voidsMinor, long refunds, long refundsMinor, long failedLogins,
                           Instant firstActivity, Instant lastActivity) {
    }

    /** The report of {@code from} to {@code to} (YYYY-MM-DD, both included); 400 for a bad or reversed range. */
    public static CashierReport of(PosDb db, ZoneId zone, String from, String to) {
        LocalDate first = BusinessDays.date("cashier report", "from", from);
        LocalDate last = BusinessDays.date("cashier report", "to", to);
        if (last.isBefore(first)) {
            throw PosException.badInput("cashier report: to: must not be before from (" + first + "), was " + last);
        }
        if (ChronoUnit.DAYS.between(first, last) >= MAX_DAYS) {
            throw PosException.badInput("cashier report: to: at most " + MAX_DAYS + " days from " + first
                    + " in one report, was " + last);
        }
        BusinessDays days = BusinessDays.of(zone, first, last);
        return db.inTransaction("report the cashiers of " + first + " to " + last, () -> report(db, days));
    }

    /** Figures being added up for one employee. */
    private static final class Tally {
        long sales;
        long gross;
        long units;
        long voids;
        long voidsMinor;
        long refunds;
        long refundsMinor;
        long failedLogins;
        Instant first;
        Instant last;

        void active(Instant at) {
            first = first == null || at.isBefore(first) ? at : first;
            last = last == null || at.isAfter(last) ? at : last;
        }
    }

    private static CashierReport report(PosDb db, BusinessDays days) throws SQLException {
        Map<String, Tally> tallies = new TreeMap<>();
        String from = days.from().toString();
        String to = days.to().toString();
        db.query("SELECT cashier_id, SUM(CASE WHEN state <> 'VOID' THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN state <> 'VOID' THEN total_minor ELSE 0 END),"
                + " SUM(CASE WHEN state = 'VOID' THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN state = 'VOID' THEN total_minor ELSE 0 END)"
                + " FROM pos_sale WHERE business_day BETWEEN ? AND ? GROUP BY cashier_id", r -> {
                    Tally t = tallies.computeIfAbsent(r.getString(1), k -> new Tally());
                    t.sales = r.getLong(2);
                    t.gross = r.getLong(3);
                    t.voids = r.getLong(4);
                    t.voidsMinor = r.getLong(5);
                    return null;
                }, from, to);
        db.query("SELECT s.cashier_id, SUM(l.quantity) FROM pos_line l JOIN pos_sale s ON s.sale_id = l.sale_id"
                + " WHERE s.business_day BETWEEN ? AND ? AND s.state <> 'VOID' GROUP BY s.cashier_id", r -> {
                    tallies.get(r.getString(1)).units = r.getLong(2);
                    return null;
                }, from, to);
        db.query("SELECT cashier_id, COUNT(*), SUM(total_minor) FROM pos_sale WHERE state = 'REFUNDED'"
                + " AND closed_ms >= ? AND closed_ms < ? GROUP BY cashier_id", r -> {
                    Tally t = tallies.computeIfAbsent(r.getString(1), k -> new Tally());
                    t.refunds = r.getLong(2);
                    t.refundsMinor = r.getLong(3);
                    return null;
                }, days.fromMs(), days.untilMs());
        db.query("SELECT cashier_id, MIN(created_ms), MAX(COALESCE(paid_ms, created_ms)) FROM pos_sale"
                + " WHERE (created_ms >= ? AND created_ms < ?) OR (paid_ms >= ? AND paid_ms < ?) GROUP BY cashier_id",
                r -> {
                    Tally t = tallies.computeIfAbsent(r.getString(1), k -> new Tally());
                    Instant opened = Instant.ofEpochMilli(r.getLong(2));
                    Instant lastly = Instant.ofEpochMilli(r.getLong(3));
                    if (days.contains(opened)) {
                        t.active(opened);
                    }
                    if (days.contains(lastly)) {
                        t.active(lastly);
                    }
                    return null;
                }, days.fromMs(), days.untilMs(), days.fromMs(), days.untilMs());
        // the audit's instants are ISO text of varying precision: a day's margin in SQL, the exact range here
        String after = Instant.ofEpochMilli(days.fromMs()).minus(1, ChronoUnit.DAYS).toString();
        db.query("SELECT at, actor, action FROM pos_audit WHERE action IN ('login', 'logout', 'login-failed')"
                + " AND at >= ?", r -> {
                    Instant at = Instant.parse(r.getString(1));
                    if (days.contains(at)) {
                        Tally t = tallies.computeIfAbsent(r.getString(2), k -> new Tally());
                        t.active(at);
                        if (r.getString(3).equals("login-failed")) {
                            t.failedLogins++;
                        }
                    }
                    return null;
                }, after);
        return new CashierReport(from, to, tallies.entrySet().stream().map(e -> {
            Tally t = e.getValue();
            return new Employee(e.getKey(), t.sales, t.gross, t.sales == 0 ? 0 : (2 * t.gross + t.sales) / (2 * t.sales),
                    t.sales == 0 ? 0 : (double) t.units / t.sales, t.voids, t.voidsMinor, t.refunds, t.refundsMinor,
                    t.failedLogins, t.first, t.last);
        }).toList());
    }
}
