package dev.outpost.hal.modbus;

import java.util.Optional;

/** The Modbus function codes this implementation speaks. */
public enum FunctionCode {
    READ_COILS(0x01, "read coils"),
    READ_DISCRETE_INPUTS(0x02, "read discrete inputs"),
    READ_INPUT_REGISTERS(0x04, "read input registers"),
    WRITE_SINGLE_COIL(0x05, "write single coil"),
    WRITE_MULTIPLE_COILS(0x0F, "write multiple coils");

    /** Set in the function code of an exception response. */
    public static final int EXCEPTION_FLAG = 0x80;

    private final int code;
    private final String label;

    FunctionCode(int code, String label) {
        this.code = code;
        this.label = label;
    }

    public int code() {
        return code;
    }

    /** e.g. {@code read coils}. */
    public String label() {
        return label;
    }

    /** Whether the normal reply carries a byte count and data (01, 02, 04), rather than an echo. */
    public boolean reads() {
        return code <= 0x04;
    }

    public static Optional<FunctionCode> of(int code) {
        for (FunctionCode function : values()) {
            if (function.code == code) {
                return Optional.of(function);
            }
        }
        return Optional.empty();
    }
}
