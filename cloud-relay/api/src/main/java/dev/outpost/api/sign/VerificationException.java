package dev.outpost.api.sign;

/** A signed document that must not be trusted; {@link #reason()} says which check refused it. */
public class VerificationException extends RuntimeException {
    public enum Reason {
        /** The keyring is not signed by the root key. */
        UNTRUSTED_KEYRING,
        /** The keyring is older than one already accepted. */
        KEYRING_ROLLBACK,
        /** The signature policy is not met: bad signatures, unknown or expired keys, missing roles. */
        SIGNATURES,
        /** A sequence number at or below the last one seen: a replay or a rollback. */
        REPLAY,
        /** The document's validity has ended. */
        EXPIRED,
        /** The document is for another site. */
        WRONG_SITE
    }

    private final Reason reason;

    public VerificationException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
