package dev.outpost.api.manifest;

import dev.outpost.api.json.Document;
import dev.outpost.api.json.Fields;
import dev.outpost.api.json.InvalidFieldException;
import dev.outpost.api.sign.SignedDocument;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /v1/sites/{site}/manifest}, the payload of a signed document: what the site should
 * run now ({@code current}) and next ({@code upcoming}), which versions to drop at once
 * ({@code poisoned}), and the keyring that vouches for the signer. {@code sequence} grows with
 * every manifest of the site; a device refuses one not above the last it accepted.
 */
@Document("manifest")
public record Manifest(String siteId, long sequence, Instant issuedAt, Instant expiresAt, Instant serverTime,
                       Duration nextPoll, ManifestEntry current, List<ManifestEntry> upcoming, List<String> poisoned,
                       SignedDocument keyring) {
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
        Fields.present("current", current);
        upcoming = Fields.list("upcoming", upcoming);
        poisoned = Fields.nonBlankList("poisoned", poisoned);
        Fields.present("keyring", keyring);
    }
}
