package dev.outpost.appliance.outbox;

/** The outbox's database could not do what was asked; nothing of the request was applied. */
public final class OutboxException extends RuntimeException {
    public OutboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
