package dev.outpost.hal.gpio;

final class GpioChecks {

    static final int MAX_LINE = 1023;

    private GpioChecks() {}

    static void id(String field, String id) {
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException(field
                    + " must be 1..64 characters of letters, digits, '.', '_' or '-', was " + quoted(id));
        }
    }

    static void line(String field, int line) {
        if (line < 0 || line > MAX_LINE) {
            throw new IllegalArgumentException(field + " must be between 0 and " + MAX_LINE + ", was " + line);
        }
    }

    private static String quoted(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }
}
