package dev.outpost.display;

import dev.outpost.site.message.MenuTier;
import java.time.Instant;
import java.util.UUID;

/**
 * {@code GET /status}: what the screen shows and how it got there.
 *
 * @param state          RUNNING while linked to the site, CONNECTING while the site broker is out of reach
 * @param tier           the site's menu tier as the appliance tells it: FRESH, STALE (full menu, manager banner),
 *                       EXPIRED (the fail-safe menu only) or EXPIRED_OVERRIDDEN (full menu until {@code overrideUntil})
 * @param tierTold       whether the appliance told it; false, the screen judges alone until it does: EXPIRED once
 *                       the manifest of its menu has expired in site time, FRESH before
 * @param overrideUntil  while EXPIRED_OVERRIDDEN, when the manager's override ends (null otherwise)
 * @param failSafe       whether the screen shows the baked-in fail-safe menu (EXPIRED, or nothing valid held)
 * @param lastCommitAt   when the menu on screen was swapped in, in site time (null for the fail-safe menu)
 * @param autonomous     whether that swap was made without the appliance's COMMIT
 * @param lastRefusal    the last flip refused, with why (null if none)
 * @param clockOffsetMs  site time minus this device's clock
 */
public record DisplayStatus(String deviceId, String version, String state, MenuTier.Tier tier, boolean tierTold,
                            Instant overrideUntil, boolean failSafe, String variant, String locale,
                            String menuVersion, String sha256, UUID flipId, Instant lastCommitAt, boolean autonomous,
                            String lastRefusal, long clockOffsetMs, boolean clockSynced) {
}
