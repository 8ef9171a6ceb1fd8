package dev.outpost.relay.sales;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The bodies of the sales reads. Days are store-local business days (YYYY-MM-DD), weeks ISO weeks (2026-W47). */
public final class SalesReports {
    private SalesReports() {
    }

    /** {@code GET /v1/sales/daily}: per store, business day and currency, oldest day first. */
    public record Daily(String site, String from, String to, List<Day> days) {
    }

    public record Day(String siteId, String businessDay, String currency, SalesTotals totals) {
    }

    /** {@code GET /v1/sales/weekly}: per store, ISO week and currency, oldest week first. */
    public record Weekly(String site, String from, String to, List<Week> weeks) {
    }

    /** @param firstDay the week's Monday */
    public record Week(String siteId, String week, String firstDay, String currency, SalesTotals totals) {
    }

    /** {@code GET /v1/sales/reconciliation}: per provider, business day and currency, over every store. */
    public record Reconciliation(String provider, String from, String to, List<Settlement> days) {
    }

    /**
     * What one provider should settle for one day, in minor units.
     *
     * @param captured       payments it took, and how many ({@code payments})
     * @param voidedMinor    money it gave back on same-day voids
     * @param refundedMinor  money it gave back on refunds made that day
     * @param failed         attempts it refused, and their amount ({@code failedMinor})
     * @param timedOut       attempts it did not answer in time, and their amount ({@code timedOutMinor})
     * @param netToSettle    captured less voided and refunded
     */
    public record Settlement(String provider, String businessDay, String currency, long payments, long captured,
                             long voidedMinor, long refundedMinor, long failed, long failedMinor, long timedOut,
                             long timedOutMinor, long netToSettle) {
    }

    /** {@code GET /v1/stores/overview}: every store in the directory, by site id. */
    public record Overview(Instant serverTime, List<StoreToday> stores) {
    }

    /**
     * One store now.
     *
     * @param businessDay      today in the store's zone
     * @param today            today's sales per currency
     * @param lastHeard        the store's last heartbeat, on the relay's clock; null if it never sent one
     * @param lastHeardSeconds seconds since then; null if never
     * @param offline          no heartbeat for longer than fleet.stale-after (or never)
     * @param outbox           its outbox as of that heartbeat; null when the heartbeat did not report one
     */
    public record StoreToday(String siteId, String region, String country, String zone, String businessDay,
                             Map<String, SalesTotals> today, Instant lastHeard, Long lastHeardSeconds, boolean offline,
                             Backlog outbox) {
    }

    /**
     * A store's outbox backlog.
     *
     * @param pending          events waiting to reach the relay
     * @param parked           events the relay refused, parked on the site
     * @param oldestSince      since when the oldest waiting event has waited (its age at the heartbeat, placed on the
     *                         relay's clock); null when none waits
     * @param oldestAgeSeconds its age now: it keeps growing while the store is silent; null when none waits
     */
    public record Backlog(long pending, long parked, Instant oldestSince, Long oldestAgeSeconds) {
    }
}
