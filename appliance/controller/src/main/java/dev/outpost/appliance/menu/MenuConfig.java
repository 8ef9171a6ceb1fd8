package dev.outpost.appliance.menu;

import dev.outpost.api.config.ConfigReader;
import dev.outpost.api.sign.Ed25519PublicKey;
import java.time.Duration;
import java.util.Optional;

/**
 * Menu sync. Every key, its default and unit is in the README's configuration reference.
 *
 * @param rootKey        menu.root-key: the root public key manifests are verified against (base64url); unset, menu
 *                       sync is off
 * @param prefetchWindow menu.prefetch-window: an upcoming blob is fetched at a jittered moment in the first half of
 *                       this window before its activation (at once when first seen inside it)
 * @param keepPrevious   menu.keep-previous: blobs kept per variant and locale besides what the manifest names and
 *                       the last-known-good
 * @param staleAfter     menu.stale-after: menu age (since the last manifest accepted) beyond which the tier is STALE
 * @param expiredAfter   menu.expired-after: menu age beyond which the tier is EXPIRED
 */
public record MenuConfig(Optional<Ed25519PublicKey> rootKey, Duration prefetchWindow, int keepPrevious,
                         Duration staleAfter, Duration expiredAfter) {
    public static final Duration DEFAULT_PREFETCH_WINDOW = Duration.ofHours(2);
    public static final int DEFAULT_KEEP_PREVIOUS = 3;
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofHours(24);
    public static final Duration DEFAULT_EXPIRED_AFTER = Duration.ofHours(72);

    public MenuConfig {
        if (expiredAfter.compareTo(staleAfter) <= 0) {
            throw new IllegalArgumentException("menu.expired-after (" + expiredAfter + ") must be longer than"
                    + " menu.stale-after (" + staleAfter + ")");
        }
    }

    public static MenuConfig defaults(Ed25519PublicKey rootKey) {
        return new MenuConfig(Optional.of(rootKey), DEFAULT_PREFETCH_WINDOW, DEFAULT_KEEP_PREVIOUS, DEFAULT_STALE_AFTER,
                DEFAULT_EXPIRED_AFTER);
    }

    public static MenuConfig read(ConfigReader in) {
        Optional<Ed25519PublicKey> root = in.publicKey("menu.root-key", "the root public key");
        Duration window = in.duration("menu.prefetch-window", DEFAULT_PREFETCH_WINDOW, Duration.ofSeconds(1),
                Duration.ofDays(7));
        int keep = in.intIn("menu.keep-previous", DEFAULT_KEEP_PREVIOUS, 0, 100);
        Duration stale = in.duration("menu.stale-after", DEFAULT_STALE_AFTER, Duration.ofMinutes(1), Duration.ofDays(30));
        Duration expired = in.duration("menu.expired-after", DEFAULT_EXPIRED_AFTER, Duration.ofMinutes(1),
                Duration.ofDays(90));
        if (expired.compareTo(stale) <= 0) {
            in.problem("menu.expired-after (" + expired + ") must be longer than menu.stale-after (" + stale + ")");
            expired = stale.plusSeconds(1);
        }
        return new MenuConfig(root, window, keep, stale, expired);
    }
}
