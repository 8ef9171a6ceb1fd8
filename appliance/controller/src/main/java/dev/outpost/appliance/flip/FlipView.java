package dev.outpost.appliance.flip;

import dev.outpost.site.message.FlipOutcome;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code GET /v1/flips}: the site's flips, newest first, each with every screen's answer and commit instant.
 *
 * @param state   PREPARING, COMMITTED, ABORTED, NO_DEVICES (no screen shows that variant and locale), MIXED (screens
 *                still disagree after flip.mixed-bound: an alarm), or AUTONOMOUS (the appliance was down at T and did
 *                not decide; the screens committed on their own)
 * @param skewMs  latest minus earliest commit instant (site time) of the screens that committed
 */
public record FlipView(String siteId, List<Flip> flips) {

    public record Flip(UUID flipId, String variant, String locale, String versionId, String sha256, Instant activateAt,
                       String state, String reason, Instant preparedAt, Instant decidedAt, Long skewMs,
                       List<Device> devices) {
    }

    /** @param committedAt in site time, as the screen reported it */
    public record Device(String deviceId, FlipOutcome answer, String reason, Instant committedAt, Boolean autonomous) {
    }
}
