package dev.outpost.appliance.legacy;

/** The legacy POS did not take a call: no answer in time, the line failed, or the device said "not now". */
public final class LegacyPosException extends RuntimeException {
    public LegacyPosException(String message) {
        super(message);
    }

    public LegacyPosException(String message, Throwable cause) {
        super(message, cause);
    }
}
