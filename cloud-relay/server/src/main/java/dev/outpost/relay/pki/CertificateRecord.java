package dev.outpost.relay.pki;

import java.time.Instant;
import java.util.Optional;

/**
 * A site certificate as the store knows it.
 *
 * @param issuedVia "enrollment" or "renewal"
 */
public record CertificateRecord(String serial, String siteId, String fingerprint, Instant notBefore, Instant notAfter,
                                Instant issuedAt, String issuedVia, Optional<Instant> revokedAt, Optional<String> revokedBy,
                                Optional<String> revokeReason) {

    /** "valid", "revoked" or "expired", at {@code now}. */
    public String state(Instant now) {
        if (revokedAt.isPresent()) {
            return "revoked";
        }
        return now.isAfter(notAfter) ? "expired" : now.isBefore(notBefore) ? "not-yet-valid" : "valid";
    }
}
