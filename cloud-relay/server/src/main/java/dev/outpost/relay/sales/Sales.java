package dev.outpost.relay.sales;

import dev.outpost.api.heartbeat.Heartbeat;
import dev.outpost.api.heartbeat.OutboxBacklog;
import dev.outpost.relay.store.Store;
import dev.outpost.relay.store.Tx;
import dev.outpost.relay.stores.StoreDirectory;
import dev.outpost.relay.stores.StoreProfile;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads of the projected sales ({@link SalesProjection}): per store and day or ISO week, per provider and day, and
 * every store today with its outbox backlog from its last heartbeat. Each adds up rows in one transaction.
 */
public final class Sales {
    private final Store store;
    private final InstantSource clock;
    private final Duration staleAfter;

    /** @param staleAfter fleet.stale-after: a store with no heartbeat for longer is offline */
    public Sales(Store store, InstantSource clock, Duration staleAfter) {
        this.store = store;
        this.clock = clock;
        this.staleAfter = staleAfter;
    }

    /** Per store (or only {@code site}), business day and currency, from {@code from} to {@code to} inclusive. */
    public SalesReports.Daily daily(String site, LocalDate from, LocalDate to) {
        List<SalesReports.Day> days = store.inTransaction("daily sales", tx -> days(tx, site, from, to));
        return new SalesReports.Daily(site, from.toString(), to.toString(), days);
    }

    /**
     * Per store (or only {@code site}), ISO week and currency, for the weeks from the one starting on Monday
     * {@code from} to the one starting on Monday {@code to}.
     */
    public SalesReports.Weekly weekly(String site, LocalDate from, LocalDate to) {
        List<SalesReports.Day> days = store.inTransaction("weekly sales", tx -> days(tx, site, from, to.plusDays(6)));
        Map<List<String>, SalesTotals> weeks = new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0))
                .thenComparing(k -> k.get(1)).thenComparing(k -> k.get(2)));
        for (SalesReports.Day d : days) {
            LocalDate monday = LocalDate.parse(d.businessDay()).with(ChronoField.DAY_OF_WEEK, 1);
            weeks.merge(List.of(monday.toString(), d.siteId(), d.currency()), d.totals(), SalesTotals::plus);
        }
        List<SalesReports.Week> out = new ArrayList<>();
        weeks.forEach((key, totals) -> out.add(new SalesReports.Week(key.get(1), week(LocalDate.parse(key.get(0))),
                key.get(0), key.get(2), totals)));
        return new SalesReports.Weekly(site, week(from), week(to), out);
    }

    /** An ISO week as 2026-W47. */
    static String week(LocalDate day) {
        return String.format("%d-W%02d", day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    /** Per provider (or only {@code provider}), business day and currency, over every store. */
    public SalesReports.Reconciliation reconciliation(String provider, LocalDate from, LocalDate to) {
        List<SalesReports.Settlement> days = store.inTransaction("payment reconciliation", tx -> tx.query(
                "SELECT provider, business_day, currency,"
                        + " SUM(CASE WHEN kind = 'sale' THEN 1 ELSE 0 END),"
                        + " SUM(CASE WHEN kind = 'sale' THEN amount_minor ELSE 0 END),"
                        + " SUM(CASE WHEN kind = 'void' THEN amount_minor ELSE 0 END),"
                        + " SUM(CASE WHEN kind = 'refund' THEN amount_minor ELSE 0 END),"
                        + " SUM(CASE WHEN outcome = 'failed' THEN 1 ELSE 0 END),"
                        + " SUM(CASE WHEN outcome = 'failed' THEN amount_minor ELSE 0 END),"
                        + " SUM(CASE WHEN outcome = 'timed_out' THEN 1 ELSE 0 END),"
                        + " SUM(CASE WHEN outcome = 'timed_out' THEN amount_minor ELSE 0 END)"
                        + " FROM sales_payment WHERE business_day >= ? AND business_day <= ?"
                        + (provider == null ? "" : " AND provider = ?")
                        + " GROUP BY provider, business_day, currency ORDER BY business_day, provider, currency",
                r -> new SalesReports.Settlement(r.getString(1), r.getString(2), r.getString(3), r.getLong(4),
                        r.getLong(5), r.getLong(6), r.getLong(7), r.getLong(8), r.getLong(9), r.getLong(10),
                        r.getLong(11), r.getLong(5) - r.getLong(6) - r.getLong(7)),
                args(from, to, provider)));
        return new SalesReports.Reconciliation(provider, from.toString(), to.toString(), days);
    }

    /** Every store in the directory: today's sales in its own zone, its outbox backlog, when it was last heard. */
    public SalesReports.Overview overview() {
        return store.inTransaction("stores overview", tx -> {
            Instant now = clock.instant();
            Map<String, Heard> heard = new HashMap<>();
            for (Heard h : tx.query("SELECT site_id, received_at, heartbeat_json FROM fleet_site", r -> new Heard(
                    r.getString(1), Instant.parse(r.getString(2)),
                    Heartbeat.read(r.getString(3).getBytes(StandardCharsets.UTF_8)).outbox()))) {
                heard.put(h.siteId(), h);
            }
            List<StoreProfile> stores = StoreDirectory.all(tx);
            // one read for every store: "today" differs by zone, but spans at most two or three dates at once
            Map<String, LocalDate> todays = new HashMap<>();
            stores.forEach(s -> todays.put(s.siteId(), LocalDate.ofInstant(now, s.zoneId())));
            Map<List<String>, Map<String, SalesTotals>> sold = new HashMap<>();
            if (!stores.isEmpty()) {
                LocalDate first = todays.values().stream().min(Comparator.naturalOrder()).orElseThrow();
                LocalDate last = todays.values().stream().max(Comparator.naturalOrder()).orElseThrow();
                for (SalesReports.Day d : days(tx, null, first, last)) {
                    sold.computeIfAbsent(List.of(d.siteId(), d.businessDay()), k -> new TreeMap<>())
                            .put(d.currency(), d.totals());
                }
            }
            List<SalesReports.StoreToday> out = new ArrayList<>();
            for (StoreProfile s : stores) {
                LocalDate today = todays.get(s.siteId());
                Map<String, SalesTotals> byCurrency = sold.getOrDefault(List.of(s.siteId(), today.toString()), Map.of());
                Heard h = heard.get(s.siteId());
                Duration age = h == null ? null : Duration.between(h.at(), now);
                out.add(new SalesReports.StoreToday(s.siteId(), s.region(), s.country(), s.zone(), today.toString(),
                        byCurrency, h == null ? null : h.at(), age == null ? null : Math.max(0, age.toSeconds()),
                        age == null || age.compareTo(staleAfter) > 0, h == null ? null : backlog(h, now)));
            }
            return new SalesReports.Overview(now, out);
        });
    }

    private record Heard(String siteId, Instant at, OutboxBacklog outbox) {
    }

    private static SalesReports.Backlog backlog(Heard h, Instant now) {
        if (h.outbox() == null) {
            return null;
        }
        if (h.outbox().pending() == 0) {
            return new SalesReports.Backlog(0, h.outbox().parked(), null, null);
        }
        Instant since = h.at().minusMillis(h.outbox().oldestAgeMs());
        return new SalesReports.Backlog(h.outbox().pending(), h.outbox().parked(), since,
                Math.max(0, Duration.between(since, now).toSeconds()));
    }

    private static List<SalesReports.Day> days(Tx tx, String site, LocalDate from, LocalDate to) throws SQLException {
        String where = " WHERE business_day >= ? AND business_day <= ?" + (site == null ? "" : " AND site_id = ?");
        Object[] args = args(from, to, site);
        Map<List<String>, Map<String, Long>> methods = new HashMap<>();
        for (var row : tx.query("SELECT site_id, business_day, currency, method,"
                        + " SUM(CASE WHEN kind = 'sale' THEN amount_minor ELSE -amount_minor END) FROM sales_payment"
                        + where + " AND kind <> 'failed' GROUP BY site_id, business_day, currency, method",
                r -> Map.entry(List.of(r.getString(1), r.getString(2), r.getString(3)), Map.entry(r.getString(4),
                        r.getLong(5))), args)) {
            methods.computeIfAbsent(row.getKey(), k -> new TreeMap<>()).put(row.getValue().getKey(),
                    row.getValue().getValue());
        }
        return tx.query("SELECT site_id, business_day, currency,"
                        + " SUM(CASE WHEN kind = 'sale' THEN 1 ELSE 0 END), SUM(subtotal_minor), SUM(discount_minor),"
                        + " SUM(tax_minor), SUM(CASE WHEN kind = 'sale' THEN amount_minor ELSE 0 END),"
                        + " SUM(CASE WHEN kind = 'void' THEN 1 ELSE 0 END),"
                        + " SUM(CASE WHEN kind = 'void' THEN amount_minor ELSE 0 END),"
                        + " SUM(CASE WHEN kind = 'refund' THEN 1 ELSE 0 END),"
                        + " SUM(CASE WHEN kind = 'refund' THEN amount_minor ELSE 0 END)"
                        + " FROM sales_event" + where + " GROUP BY site_id, business_day, currency"
                        + " ORDER BY business_day, site_id, currency",
                r -> {
                    List<String> key = List.of(r.getString(1), r.getString(2), r.getString(3));
                    long total = r.getLong(8);
                    long voided = r.getLong(10);
                    long refunded = r.getLong(12);
                    return new SalesReports.Day(key.get(0), key.get(1), key.get(2), new SalesTotals(r.getLong(4),
                            r.getLong(5), r.getLong(6), r.getLong(7), total, r.getLong(9), voided, r.getLong(11),
                            refunded, total - voided - refunded, methods.getOrDefault(key, Map.of())));
                }, args);
    }

    private static Object[] args(LocalDate from, LocalDate to, String also) {
        return also == null ? new Object[] {from.toString(), to.toString()}
                : new Object[] {from.toString(), to.toString(), also};
    }
}
