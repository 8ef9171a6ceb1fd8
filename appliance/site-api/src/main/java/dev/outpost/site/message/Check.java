package dev.outpost.site.message;

import dev.outpost.api.json.InvalidFieldException;
import dev.outpost.site.topic.Ids;

/** Field checks for message records; failures name the JSON field, which {@code Json} turns into a path. */
final class Check {

    static final int MAX_TEXT = 128;

    private Check() {
    }

    static String id(String field, String value) {
        if (!Ids.isValid(value)) {
            throw new InvalidFieldException(field, quote(value) + " must match " + Ids.PATTERN_TEXT);
        }
        return value;
    }

    static String text(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidFieldException(field, "must not be blank, was " + quote(value));
        }
        if (value.length() > MAX_TEXT) {
            throw new InvalidFieldException(field, "must be at most " + MAX_TEXT + " characters, was " + value.length());
        }
        return value;
    }

    static <T> T present(String field, T value) {
        if (value == null) {
            throw new InvalidFieldException(field, "must not be null");
        }
        return value;
    }

    static long notNegative(String field, long value) {
        if (value < 0) {
            throw new InvalidFieldException(field, "must not be negative, was " + value);
        }
        return value;
    }

    static String sha256(String field, String value) {
        if (value == null || !value.matches("[0-9a-f]{64}")) {
            throw new InvalidFieldException(field, "expected 64 lowercase hex characters, was " + quote(value));
        }
        return value;
    }

    private static String quote(String value) {
        return value == null ? "null" : "'" + value + "'";
    }
}
