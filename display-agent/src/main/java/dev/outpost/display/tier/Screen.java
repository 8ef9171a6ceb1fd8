package dev.outpost.display.tier;

import dev.outpost.display.menu.MenuFiles;
import dev.outpost.display.menu.ShownMenu;
import dev.outpost.site.message.MenuTier;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * What the screen shows for the site's menu tier (ARCHITECTURE.md §5.5): FRESH, the last-known-good; STALE, the
 * last-known-good under a manager banner saying since when it is out of date; EXPIRED, only the fail-safe subset;
 * EXPIRED_OVERRIDDEN, the last-known-good under a banner saying who overrode the expiry and until when.
 *
 * <p>The fail-safe subset is the fail-safe menu baked into the agent ({@link MenuFiles#failSafe()}): the few items
 * a store can always sell whatever the menu's age, reviewed with each release. The menu schema has no per-item
 * fail-safe flag, and an expired menu's own items and prices are exactly what can no longer be trusted.
 *
 * <p>Until the appliance has told a tier (it is unreachable since this screen booted), the screen judges alone: its
 * menu is EXPIRED once the manifest it came with has expired in site time, FRESH before. An override ends on screen
 * at its end instant in site time even if the appliance cannot say so.
 *
 * @param tier          the tier as the site sees it (or as this screen judges it alone, {@code told} false)
 * @param told          whether the appliance told it
 * @param overrideUntil while EXPIRED_OVERRIDDEN, when the manager's override ends; null otherwise
 * @param menu          the menu on screen: the last-known-good, or the fail-safe menu
 * @param banner        the banner's label and text, when there is one
 */
public record Screen(MenuTier.Tier tier, boolean told, Instant overrideUntil, ShownMenu menu, Optional<Banner> banner) {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** A notice above the menu; {@code label} says what kind in words, so it never rests on colour alone. */
    public record Banner(String kind, String label, String text) {
    }

    /**
     * @param lkg   the last-known-good (or the fail-safe menu when nothing valid is held)
     * @param heard the tier the appliance told last
     * @param now   site time
     */
    public static Screen of(ShownMenu lkg, Optional<MenuTier> heard, Instant now) {
        if (heard.isEmpty()) {
            boolean expired = lkg.expiresAt() != null && !now.isBefore(lkg.expiresAt());
            return expired
                    ? new Screen(MenuTier.Tier.EXPIRED, false, null, MenuFiles.failSafe(), Optional.of(new Banner(
                            "expired", "Limited menu:", "the menu on this screen expired on " + WHEN.format(lkg.expiresAt())
                            + " (" + ago(lkg.expiresAt(), now) + "); only the items always available are shown.")))
                    : new Screen(MenuTier.Tier.FRESH, false, null, lkg, Optional.empty());
        }
        MenuTier tier = heard.get();
        String since = WHEN.format(tier.since()) + " (" + ago(tier.since(), now) + ")";
        boolean overrideOver = tier.running().map(o -> !now.isBefore(o.until())).orElse(false);
        return switch (overrideOver ? MenuTier.Tier.EXPIRED : tier.tier()) {
            case FRESH -> new Screen(tier.tier(), true, null, lkg, Optional.empty());
            case STALE -> new Screen(tier.tier(), true, null, lkg, Optional.of(new Banner("stale", "Manager notice:",
                    "menu out of date since " + since + ". Items and prices may not be current; the screen"
                            + " switches to a limited menu if no update arrives.")));
            case EXPIRED -> new Screen(MenuTier.Tier.EXPIRED, true, null, MenuFiles.failSafe(), Optional.of(new Banner("expired",
                    "Limited menu:", "the menu expired on " + since + "; only the items always available are shown.")));
            case EXPIRED_OVERRIDDEN -> {
                MenuTier.Override o = tier.running().orElseThrow();
                yield new Screen(tier.tier(), true, o.until(), lkg, Optional.of(new Banner("override",
                        "Manager override:", "the menu expired on " + since + "; " + o.manager()
                        + " lets the full menu show until " + WHEN.format(o.until()) + ".")));
            }
        };
    }

    /** Whether the fail-safe menu is on screen. */
    public boolean failSafe() {
        return menu.failSafe();
    }

    /** Changes whenever what the page shows changes, for the page's event stream. */
    public String token() {
        return menu.versionId() + " " + tier + (overrideUntil == null ? "" : " " + overrideUntil);
    }

    static String ago(Instant then, Instant now) {
        Duration d = Duration.between(then, now);
        if (d.isNegative() || d.toMinutes() < 1) {
            return "just now";
        }
        if (d.toHours() < 1) {
            return d.toMinutes() + " min ago";
        }
        if (d.toDays() < 2) {
            return d.toHours() + " h ago";
        }
        return d.toDays() + " days " + d.toHoursPart() + " h ago";
    }
}
