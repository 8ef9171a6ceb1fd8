package dev.outpost.hal.modbus;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A request got no usable reply. The message starts with {@code modbus <port> unit <n>: <request>: } and says what
 * came back, if anything.
 */
public final class ModbusException extends RuntimeException {

    /** Why a request failed; each failed request counts under exactly one of these in {@link ModbusStats}. */
    public enum Failure {
        /** Nothing came back in time. */
        TIMEOUT,
        /** A whole frame came back, but its CRC does not match. */
        BAD_CRC,
        /** What came back is not a reply to the request: another unit or function, a wrong length, a wrong echo. */
        MALFORMED,
        /** The slave answered with an exception response. */
        EXCEPTION_RESPONSE,
        /** The serial link itself failed (a closed TCP connection, an unplugged adapter). */
        LINK
    }

    private final Failure failure;
    private final int exceptionCode;

    public ModbusException(Failure failure, String message) {
        this(failure, message, 0, null);
    }

    public ModbusException(Failure failure, String message, Throwable cause) {
        this(failure, message, 0, cause);
    }

    /** An exception response with {@code exceptionCode}. */
    public ModbusException(String message, int exceptionCode) {
        this(Failure.EXCEPTION_RESPONSE, message, exceptionCode, null);
    }

    private ModbusException(Failure failure, String message, int exceptionCode, Throwable cause) {
        super(message, cause);
        this.failure = Objects.requireNonNull(failure, "failure");
        this.exceptionCode = exceptionCode;
    }

    public Failure failure() {
        return failure;
    }

    /** The slave's exception code, for {@link Failure#EXCEPTION_RESPONSE}. */
    public OptionalInt exceptionCode() {
        return failure == Failure.EXCEPTION_RESPONSE ? OptionalInt.of(exceptionCode) : OptionalInt.empty();
    }
}
