package dev.outpost.api.manifest;

import dev.outpost.api.json.Fields;
import dev.outpost.api.sign.Ed25519PublicKey;
import dev.outpost.api.sign.SignaturePolicy;
import dev.outpost.api.sign.SignedDocument;
import dev.outpost.api.sign.VerificationException;
import dev.outpost.api.sign.VerificationException.Reason;
import dev.outpost.api.sign.VerifiedKeyring;
import dev.outpost.api.sign.Verifier;
import java.time.Instant;
import java.time.InstantSource;

/**
 * What a device does with every manifest before acting on it. In order: the embedded keyring is
 * signed by the root key (and not older than the last accepted keyring), the manifest's signatures
 * meet the policy under that keyring now, it is for this site, its sequence is above the last seen,
 * and it has not expired. Each refusal is a {@link VerificationException} with its own reason.
 */
public final class ManifestVerifier {
    private final Verifier verifier;
    private final String siteId;
    private final InstantSource clock;
    private final SignaturePolicy policy;

    public ManifestVerifier(Ed25519PublicKey root, String siteId, InstantSource clock) {
        this(root, siteId, clock, SignaturePolicy.publisher());
    }

    public ManifestVerifier(Ed25519PublicKey root, String siteId, InstantSource clock, SignaturePolicy policy) {
        this.verifier = Verifier.trusting(root);
        this.siteId = Fields.nonBlank("site_id", siteId);
        this.clock = Fields.present("clock", clock);
        this.policy = Fields.present("policy", policy);
    }

    /** Verifies with no keyring floor; see {@link #verify(SignedDocument, long, long)}. */
    public Manifest verify(SignedDocument signed, long lastSeenSequence) {
        return verify(signed, lastSeenSequence, 0);
    }

    /**
     * @param lastSeenSequence the sequence of the last manifest this device accepted (0 if none)
     * @param lastSeenKeyringVersion the version of the last keyring accepted (0 if none)
     */
    public Manifest verify(SignedDocument signed, long lastSeenSequence, long lastSeenKeyringVersion) {
        Manifest claimed = signed.payloadAs(Manifest.class);
        VerifiedKeyring keyring = verifier.keyring(claimed.keyring(), lastSeenKeyringVersion);
        Instant now = clock.instant();
        Manifest manifest = keyring.verify("manifest", signed, now, policy, Manifest.class);
        if (!manifest.siteId().equals(siteId)) {
            throw new VerificationException(Reason.WRONG_SITE, "manifest: for site " + manifest.siteId()
                    + ", this is site " + siteId);
        }
        if (manifest.sequence() <= lastSeenSequence) {
            throw new VerificationException(Reason.REPLAY, "manifest: sequence " + manifest.sequence()
                    + " is not above the last seen " + lastSeenSequence + " (replay or rollback)");
        }
        if (!now.isBefore(manifest.expiresAt())) {
            throw new VerificationException(Reason.EXPIRED, "manifest: expired at " + manifest.expiresAt()
                    + ", now " + now + "; keep the last-known-good and freeze");
        }
        return manifest;
    }
}
