package dev.outpost.relay.rollout;

import java.time.Instant;
import java.util.List;

/** {@code GET /v1/freshness}: per store, what its screens show and how long ago the relay heard from it. */
public record Freshness(Instant serverTime, List<Store> stores) {

    /**
     * @param lastHeartbeat     on the relay's clock; null if the site never sent one
     * @param stalenessSeconds  seconds since then; null if never
     * @param offline           no heartbeat for longer than fleet.stale-after (or never)
     * @param disagreeing       screens still on another version after a flip, over every slot
     * @param autonomousCommits screens that committed on their own in the last flip of each slot, summed
     * @param menus             per variant and locale: the current and target version and how far the target got
     */
    public record Store(String siteId, String region, String country, Instant lastHeartbeat, Long stalenessSeconds,
                        boolean offline, List<String> disagreeing, int autonomousCommits, List<SlotState> menus) {
    }
}
