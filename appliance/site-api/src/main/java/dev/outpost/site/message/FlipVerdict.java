package dev.outpost.site.message;

/** What the appliance decided for a flip. */
public enum FlipVerdict {
    /** Swap to the staged version now. */
    COMMIT,
    /** Discard the staging; a device that already swapped goes back to what it showed before (its LKG). */
    ABORT
}
