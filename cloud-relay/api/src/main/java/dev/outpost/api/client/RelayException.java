package dev.outpost.api.client;

import java.util.OptionalInt;

/**
 * A relay call that did not produce its answer. {@link #status()} is the HTTP status when the relay
 * answered, empty when it could not be reached or did not answer in time.
 */
public class RelayException extends RuntimeException {
    private final int status;

    public RelayException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public RelayException(String message, Throwable cause) {
        this(-1, message, cause);
    }

    public OptionalInt status() {
        return status < 0 ? OptionalInt.empty() : OptionalInt.of(status);
    }
}
