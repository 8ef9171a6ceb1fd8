package dev.outpost.hal.turnstile;

/** The turnstile could not be reached or refused a command; the message names the port and what failed. */
public final class TurnstileException extends RuntimeException {
    public TurnstileException(String message) {
        super(message);
    }

    public TurnstileException(String message, Throwable cause) {
        super(message, cause);
    }
}
