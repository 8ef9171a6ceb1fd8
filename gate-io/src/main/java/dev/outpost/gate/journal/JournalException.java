package dev.outpost.gate.journal;

/** The journal could not write or read; nothing was half-written. */
public final class JournalException extends RuntimeException {
    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
