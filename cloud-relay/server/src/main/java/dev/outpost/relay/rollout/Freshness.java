package dev.outpost.relay.rollout;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /v1/freshness}: per store, what its screens should show, what it reported they show, and how long ago the
 * relay heard from it.
 */
public record Freshness(Instant serverTime, List<Store> stores) {

    /**
     * @param zone              the store's IANA time zone, to show its times as the store sees them
     * @param lastHeartbeat     on the relay's clock; null if the site never sent one
     * @param stalenessSeconds  seconds since then; null if never
     * @param offline           no heartbeat for longer than fleet.stale-after (or never)
     * @param disagreeing       screens still on another version after a flip, over every slot
     * @param autonomousCommits screens that committed on their own in the last flip of each slot, summed
     * @param planned           per variant and locale, the version the live plans put on the store now
     * @param behind            the planned slots whose version the store has not reported committing
     * @param menus             per variant and locale, as the store reported: its current version, the one it
     *                          works towards and how far it got
     * @param tier              the menu tier the site last reported; null if it never reported one
     */
    public record Store(String siteId, String region, String country, String zone, Instant lastHeartbeat,
                        Long stalenessSeconds, boolean offline, List<String> disagreeing, int autonomousCommits, List<Planned> planned,
                        List<String> behind, List<SlotState> menus, Tier tier) {
    }

    /**
     * A site's menu tier as it reported it ({@code menu.tier}, {@code menu.override}).
     *
     * @param tier          FRESH, STALE, EXPIRED or EXPIRED_OVERRIDDEN (a manager lets the expired menu show)
     * @param since         since when, on the site's clock
     * @param overrideUntil the end of the manager override running; null if none
     * @param reportedAt    the site's clock when it observed the newest event applied
     * @param sequence      that event's sequence in the site's tier stream
     * @param receivedAt    when the relay stored it, on the relay's clock
     */
    public record Tier(String siteId, String tier, Instant since, Instant overrideUntil, Instant reportedAt,
                       long sequence, Instant receivedAt) {
    }

    /** A version the plans put on a store's slot, since {@code activate_at}. */
    public record Planned(String variantId, String locale, String versionId, Instant activateAt) {
    }
}
