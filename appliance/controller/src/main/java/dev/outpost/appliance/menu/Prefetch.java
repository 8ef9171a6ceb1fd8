package dev.outpost.appliance.menu;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;

/**
 * When to fetch an upcoming blob. Every site would otherwise ask the relay for a new menu in the same second, so
 * each picks its own moment in the first half of the window before the activation: the window's start plus a
 * fraction of half the window, the fraction drawn from a hash of the site and the blob, so it is the same after a
 * restart and spread evenly over a fleet. The second half is left for retries. A blob first seen inside the window
 * (a plan made at short notice, or an appliance that was off) is fetched at once: there is no time to spare.
 */
public final class Prefetch {
    private Prefetch() {
    }

    /** In [0, 1): this site's spread for this blob. */
    public static double fraction(String siteId, String sha256) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((siteId + "\n" + sha256).getBytes(StandardCharsets.UTF_8));
            long bits = 0;
            for (int i = 0; i < 7; i++) {
                bits = (bits << 8) | (digest[i] & 0xff);
            }
            return (bits >>> 3) / (double) (1L << 53);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The jittered moment to fetch a blob activating at {@code activateAt}. */
    public static Instant moment(Instant activateAt, Duration window, double fraction) {
        Instant opens = activateAt.minus(window);
        return opens.plusNanos((long) (window.toNanos() / 2.0 * fraction));
    }

    /**
     * Whether to fetch now.
     *
     * @param firstSeen when this appliance first saw the entry (since it started)
     */
    public static boolean due(Instant activateAt, Duration window, double fraction, Instant firstSeen, Instant now) {
        if (!firstSeen.isBefore(activateAt.minus(window))) {
            return true;
        }
        return !now.isBefore(moment(activateAt, window, fraction));
    }
}
