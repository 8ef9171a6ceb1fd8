package dev.outpost.hal.modbus;

import java.util.Objects;

/**
 * A request a slave must refuse with an exception response: thrown while decoding a request, or by a slave's
 * handler (e.g. {@link ExceptionCode#ILLEGAL_DATA_ADDRESS} for an address the device does not have). As an
 * {@link IllegalArgumentException} it is also what building a request with out-of-range values throws.
 */
public final class IllegalRequestException extends IllegalArgumentException {

    private final ExceptionCode code;

    public IllegalRequestException(ExceptionCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public ExceptionCode code() {
        return code;
    }
}
