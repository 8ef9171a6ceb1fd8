package dev.outpost.hal.modbus;

import java.util.Locale;
import java.util.Optional;

/** The exception codes of the Modbus application protocol (V1.1b3 §7). */
public enum ExceptionCode {
    ILLEGAL_FUNCTION(0x01),
    ILLEGAL_DATA_ADDRESS(0x02),
    ILLEGAL_DATA_VALUE(0x03),
    SERVER_DEVICE_FAILURE(0x04),
    ACKNOWLEDGE(0x05),
    SERVER_DEVICE_BUSY(0x06),
    MEMORY_PARITY_ERROR(0x08),
    GATEWAY_PATH_UNAVAILABLE(0x0A),
    GATEWAY_TARGET_FAILED_TO_RESPOND(0x0B);

    private final int code;

    ExceptionCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<ExceptionCode> of(int code) {
        for (ExceptionCode known : values()) {
            if (known.code == code) {
                return Optional.of(known);
            }
        }
        return Optional.empty();
    }

    /** e.g. {@code illegal data address (02)}, or {@code unknown exception code (42)}. */
    public static String describe(int code) {
        String name = of(code).map(known -> known.name().replace('_', ' ').toLowerCase(Locale.ROOT))
                .orElse("unknown exception code");
        return name + " (" + String.format("%02X", code) + ")";
    }
}
