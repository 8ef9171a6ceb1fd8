package dev.outpost.site.message;

/** A device's answer to a {@link FlipPrepare}. */
public enum FlipOutcome {
    /** Fetched, verified and staged: ready to swap on COMMIT. */
    PREPARED,
    /** Refused or failed; the reason says why. The device keeps showing what it shows. */
    ABORT
}
