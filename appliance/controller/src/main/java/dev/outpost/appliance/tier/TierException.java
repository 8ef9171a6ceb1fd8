package dev.outpost.appliance.tier;

/** The tier store could not read or write; nothing of the failed change was applied. */
public final class TierException extends RuntimeException {
    TierException(String message, Throwable cause) {
        super(message, cause);
    }
}
