package dev.outpost.appliance.legacy;

/** The legacy gateway could not store or read its queue ({@code legacy.db}); nothing of the failed request applied. */
public final class LegacyGatewayException extends RuntimeException {
    public LegacyGatewayException(String message, Throwable cause) {
        super(message, cause);
    }
}
