package dev.outpost.relay.store;

/** The store could not do what was asked; the message names the operation and the database's reason. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
