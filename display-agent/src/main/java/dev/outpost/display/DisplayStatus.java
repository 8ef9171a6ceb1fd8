package dev.outpost.display;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code GET /status}: what the screen shows and how it got there.
 *
 * @param state          RUNNING while linked to the site, CONNECTING while the site broker is out of reach
 * @param tier           FRESH (a verified menu whose manifest has not expired, in site time), EXPIRED (its manifest
 *                       has), FAIL_SAFE (the baked-in menu: nothing valid is held)
 * @param lastCommitAt   when the menu on screen was swapped in, in site time (null for the fail-safe menu)
 * @param autonomous     whether that swap was made without the appliance's COMMIT
 * @param lastRefusal    the last flip refused, with why (null if none)
 * @param clockOffsetMs  site time minus this device's clock
 */
public record DisplayStatus(String deviceId, String version, String state, String tier, String variant,
                            String locale, String menuVersion, String sha256, UUID flipId, Instant lastCommitAt,
                            boolean autonomous, String lastRefusal, long clockOffsetMs, boolean clockSynced) {
}
