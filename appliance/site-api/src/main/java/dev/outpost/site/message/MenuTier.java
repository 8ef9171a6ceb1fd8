package dev.outpost.site.message;

import dev.outpost.api.json.Document;
import dev.outpost.api.json.InvalidFieldException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Appliance → devices, retained on {@code Topics.menuTier(site)}: how old the site's menu is (ARCHITECTURE.md §5.5),
 * so a screen that boots knows at once what it may show. Published at the appliance's start and on every change.
 *
 * <ul>
 *   <li>{@code FRESH}: the full menu;</li>
 *   <li>{@code STALE}: the full menu with a manager banner saying it is out of date;</li>
 *   <li>{@code EXPIRED}: the fail-safe menu only;</li>
 *   <li>{@code EXPIRED_OVERRIDDEN}: expired, but a manager lets the full menu show until {@code override[0].until}.</li>
 * </ul>
 *
 * @param since    when the site's menu entered this tier: FRESH, when the menu was last updated (the last manifest
 *                 accepted); STALE, when that update became out of date; EXPIRED and EXPIRED_OVERRIDDEN, when it
 *                 expired (or, on a site that never received a menu, when the appliance first found it without one)
 * @param override the manager override running: one exactly when the tier is EXPIRED_OVERRIDDEN, none otherwise
 *                 (a list, as the contract has no null fields)
 */
@Document("menu_tier")
public record MenuTier(Tier tier, Instant since, List<Override> override, Instant sentAt) {

    public enum Tier {
        FRESH, STALE, EXPIRED, EXPIRED_OVERRIDDEN;

        /** Whether screens show the full menu (the last-known-good) in this tier. */
        public boolean fullMenu() {
            return this != EXPIRED;
        }
    }

    /** A manager's override: the full menu shows until {@code until}; {@code manager} names who decided it. */
    public record Override(Instant until, String manager) {
        public Override {
            Check.present("until", until);
            Check.text("manager", manager);
        }
    }

    public MenuTier {
        Check.present("tier", tier);
        Check.present("since", since);
        Check.present("override", override);
        override = List.copyOf(override);
        Check.present("sent_at", sentAt);
        boolean overridden = tier == Tier.EXPIRED_OVERRIDDEN;
        if (override.size() != (overridden ? 1 : 0)) {
            throw new InvalidFieldException("override", "must hold " + (overridden ? "exactly one override" : "none")
                    + " when the tier is " + tier + ", held " + override.size());
        }
        if (overridden && !override.get(0).until().isAfter(since)) {
            throw new InvalidFieldException("override", "ends at " + override.get(0).until()
                    + ", not after the menu expired (" + since + ")");
        }
    }

    public static MenuTier of(Tier tier, Instant since, Instant sentAt) {
        return new MenuTier(tier, since, List.of(), sentAt);
    }

    public static MenuTier overridden(Instant since, Instant until, String manager, Instant sentAt) {
        return new MenuTier(Tier.EXPIRED_OVERRIDDEN, since, List.of(new Override(until, manager)), sentAt);
    }

    /** The override running, if the tier is EXPIRED_OVERRIDDEN. */
    public Optional<Override> running() {
        return override.stream().findFirst();
    }

    /** The same facts, ignoring when they were sent. */
    public boolean sameAs(MenuTier other) {
        return other != null && tier == other.tier && since.equals(other.since) && override.equals(other.override);
    }
}
