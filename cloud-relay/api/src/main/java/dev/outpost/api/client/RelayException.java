package dev.outpost.api.client;

import java.util.OptionalInt;

/**
 * A relay call that did not produce its answer. {@link #status()} is the HTTP status when the relay
 * answered, empty when it could not be reached or did not answer in time; {@link #unsent()} tells a call the relay
 * cannot have seen from one whose answer was lost.
 */
public class RelayException extends RuntimeException {
    private final int status;
    private final boolean unsent;

    private RelayException(int status, String message, Throwable cause, boolean unsent) {
        super(message, cause);
        this.status = status;
        this.unsent = unsent;
    }

    public RelayException(int status, String message, Throwable cause) {
        this(status, message, cause, false);
    }

    public RelayException(String message, Throwable cause) {
        this(-1, message, cause);
    }

    /** A call that never left: no connection, no name, no TLS session to send it over. */
    static RelayException unsent(String message, Throwable cause) {
        return new RelayException(-1, message, cause, true);
    }

    public OptionalInt status() {
        return status < 0 ? OptionalInt.empty() : OptionalInt.of(status);
    }

    /** True when the relay cannot have received the call (it may have, whenever this is false and no status came). */
    public boolean unsent() {
        return unsent;
    }
}
