package dev.outpost.appliance.menu;

import java.time.Instant;
import java.util.List;

/**
 * The site's menus at a glance, for the appliance's LAN page {@code GET /v1/menus}. The manifest fields are null
 * until a manifest has been accepted.
 *
 * @param sequence       the sequence of the manifest accepted last
 * @param acceptedAt     when it was accepted: the menu's age is counted from here
 * @param expiresAt      when it expires
 * @param keyringVersion the version of its keyring
 * @param tier           FRESH, STALE or EXPIRED by the menu's age
 * @param menuAgeMs      the menu's age
 * @param slots          per variant and locale, what is current and what is upcoming
 * @param poisoned       the poisoned version ids
 * @param blobs          the blobs held, served at {@code /blobs/sha256/{hex}}
 * @param lastRefusal    the last manifest or blob refused, with why
 * @param lastPollAt     when the manifest was last asked for
 * @param relayError     why the last poll failed, while the relay is out of reach
 */
public record MenuView(String siteId, Long sequence, Instant acceptedAt, Instant expiresAt, Long keyringVersion,
                       Tier tier, Long menuAgeMs, List<Slot> slots, List<String> poisoned, List<Blob> blobs,
                       Refusal lastRefusal, Instant lastPollAt, String relayError) {

    /** What screens showing {@code variant} in {@code locale} show now, and next. */
    public record Slot(String variant, String locale, Entry current, List<Entry> upcoming) {
    }

    /** @param fetchAt for an upcoming entry not held yet, the moment it is fetched */
    public record Entry(String versionId, String sha256, Instant activateAt, boolean held, Instant fetchAt) {
    }

    public record Blob(String sha256, long size, Instant storedAt) {
    }

    /** @param subject {@code manifest} or {@code blob <sha256>} */
    public record Refusal(Instant at, String subject, String reason, String message) {
    }
}
