package dev.outpost.api.manifest;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.OptBoolean;
import dev.outpost.api.json.Document;
import dev.outpost.api.json.Fields;
import dev.outpost.api.json.InvalidFieldException;
import dev.outpost.api.json.Json;
import dev.outpost.api.sign.SignedDocument;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /v1/sites/{site}/manifest}, the payload of a signed document: what the site should
 * show now ({@code current}: one entry per variant and locale) and next ({@code upcoming}, by
 * {@code activate_at}), which versions to drop at once ({@code poisoned}), and the keyring that
 * vouches for the signer. {@code sequence} grows with every manifest of the site; a device
 * refuses one not above the last it accepted. {@code catalogs} (one per POS catalog) is left out when empty, so a
 * manifest without catalogs is the same document as before they existed.
 */
@Document("manifest")
public record Manifest(String siteId, long sequence, Instant issuedAt, Instant expiresAt, Instant serverTime,
                       Duration nextPoll, List<ManifestEntry> current, List<ManifestEntry> upcoming, List<String> poisoned,
                       SignedDocument keyring,
                       @JacksonInject(value = Json.ABSENT_IS_EMPTY, useInput = OptBoolean.TRUE)
                       @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ManifestCatalog> catalogs) {
    /** Sequences must survive canonical JSON, where every number is a double. */
    public static final long MAX_SEQUENCE = 1L << 53;

    public Manifest {
        Fields.nonBlank("site_id", siteId);
        if (sequence < 1 || sequence > MAX_SEQUENCE) {
            throw new InvalidFieldException("sequence", "must be between 1 and 2^53, was " + sequence);
        }
        Fields.present("issued_at", issuedAt);
        Fields.after("expires_at", expiresAt, "issued_at", issuedAt);
        Fields.present("server_time", serverTime);
        Fields.positive("next_poll", nextPoll);
        current = Fields.list("current", current);
        Set<String> slots = new HashSet<>();
        for (int i = 0; i < current.size(); i++) {
            if (!slots.add(current.get(i).slot())) {
                throw new InvalidFieldException("current[" + i + "]", current.get(i).slot() + " is listed twice");
            }
        }
        upcoming = Fields.list("upcoming", upcoming);
        for (int i = 1; i < upcoming.size(); i++) {
            if (upcoming.get(i).activateAt().isBefore(upcoming.get(i - 1).activateAt())) {
                throw new InvalidFieldException("upcoming[" + i + "].activate_at", "must not be before the entry"
                        + " above it (" + upcoming.get(i - 1).activateAt() + "), was " + upcoming.get(i).activateAt());
            }
        }
        poisoned = Fields.nonBlankList("poisoned", poisoned);
        Fields.present("keyring", keyring);
        catalogs = Fields.list("catalogs", catalogs);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < catalogs.size(); i++) {
            if (!names.add(catalogs.get(i).catalog())) {
                throw new InvalidFieldException("catalogs[" + i + "]", "catalog " + catalogs.get(i).catalog()
                        + " is listed twice");
            }
        }
    }

    /** A manifest with menus only. */
    public Manifest(String siteId, long sequence, Instant issuedAt, Instant expiresAt, Instant serverTime,
                    Duration nextPoll, List<ManifestEntry> current, List<ManifestEntry> upcoming, List<String> poisoned,
                    SignedDocument keyring) {
        this(siteId, sequence, issuedAt, expiresAt, serverTime, nextPoll, current, upcoming, poisoned, keyring,
                List.of());
    }
}
