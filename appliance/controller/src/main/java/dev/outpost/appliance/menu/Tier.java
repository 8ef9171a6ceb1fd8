package dev.outpost.appliance.menu;

import java.time.Duration;
import java.time.Instant;

/**
 * How old the site's menu is (ARCHITECTURE.md §5.5): the time since the last manifest accepted. FRESH up to
 * {@code menu.stale-after}, STALE up to {@code menu.expired-after} (screens show a banner), EXPIRED beyond (screens
 * show the fail-safe subset). A site that never accepted a manifest is EXPIRED: it has nothing but the fail-safe.
 */
public enum Tier {
    FRESH, STALE, EXPIRED;

    public static Tier of(Instant lastAccepted, Instant now, Duration staleAfter, Duration expiredAfter) {
        if (lastAccepted == null) {
            return EXPIRED;
        }
        Duration age = Duration.between(lastAccepted, now);
        if (age.compareTo(staleAfter) <= 0) {
            return FRESH;
        }
        return age.compareTo(expiredAfter) <= 0 ? STALE : EXPIRED;
    }
}
