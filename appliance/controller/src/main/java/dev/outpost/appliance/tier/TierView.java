package dev.outpost.appliance.tier;

import dev.outpost.site.message.MenuTier;
import java.time.Instant;
import java.util.List;

/**
 * The site's menu tier at a glance, for the appliance's LAN page {@code GET /v1/menus/tier}.
 *
 * @param tier           the tier the screens are told: FRESH, STALE, EXPIRED or EXPIRED_OVERRIDDEN
 * @param since          when the menu entered it (see {@link MenuTier})
 * @param lastAcceptedAt when the last manifest was accepted (null: never)
 * @param override       the override running (null: none)
 * @param overrides      the last overrides, newest first
 */
public record TierView(String siteId, MenuTier.Tier tier, Instant since, Instant lastAcceptedAt, Override override,
                       List<Override> overrides) {

    /**
     * A manager override: the full menu shows on an EXPIRED site until {@code until}. {@code account} is the site
     * account that asked for it; the {@code ended*} fields are null unless it was ended early.
     */
    public record Override(long id, Instant startedAt, Instant until, int hours, String reason, String manager,
                           String account, Instant endedAt, String endReason, String endedBy) {
    }
}
