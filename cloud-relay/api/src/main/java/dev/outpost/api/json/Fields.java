package dev.outpost.api.json;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Checks used by the contract records' compact constructors; each names the JSON field. */
public final class Fields {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private Fields() {
    }

    public static <T> T present(String field, T value) {
        if (value == null) {
            throw new InvalidFieldException(field, "must not be null");
        }
        return value;
    }

    public static String nonBlank(String field, String value) {
        present(field, value);
        if (value.isBlank()) {
            throw new InvalidFieldException(field, "must not be blank, was " + quote(value));
        }
        return value;
    }

    /** An immutable copy; null lists and null elements are rejected. */
    public static <T> List<T> list(String field, List<T> value) {
        present(field, value);
        List<T> copy = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            copy.add(present(field + "[" + i + "]", value.get(i)));
        }
        return List.copyOf(copy);
    }

    /**
     * Refuses two elements of {@code list} with the same {@code key}, naming the second and the first:
     * {@code employees[3].employee_id: e-1 is also employees[0]}.
     */
    public static <T> void unique(String field, List<T> list, String keyField, Function<T, String> key) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            Integer first = seen.putIfAbsent(key.apply(list.get(i)), i);
            if (first != null) {
                throw new InvalidFieldException(field + "[" + i + "]." + keyField, key.apply(list.get(i)) + " is also "
                        + field + "[" + first + "]");
            }
        }
    }

    public static List<String> nonBlankList(String field, List<String> value) {
        List<String> copy = list(field, value);
        for (int i = 0; i < copy.size(); i++) {
            nonBlank(field + "[" + i + "]", copy.get(i));
        }
        return copy;
    }

    public static long notNegative(String field, long value) {
        if (value < 0) {
            throw new InvalidFieldException(field, "must not be negative, was " + value);
        }
        return value;
    }

    public static int notNegative(String field, int value) {
        return (int) notNegative(field, (long) value);
    }

    public static long positive(String field, long value) {
        if (value <= 0) {
            throw new InvalidFieldException(field, "must be greater than 0, was " + value);
        }
        return value;
    }

    public static int positive(String field, int value) {
        return (int) positive(field, (long) value);
    }

    public static Duration positive(String field, Duration value) {
        present(field, value);
        if (value.isNegative() || value.isZero()) {
            throw new InvalidFieldException(field, "must be a positive duration, was " + value);
        }
        return value;
    }

    /** Requires {@code value} to be one of {@code allowed}, spelled exactly. */
    public static String oneOf(String field, String value, List<String> allowed) {
        present(field, value);
        if (!allowed.contains(value)) {
            throw new InvalidFieldException(field, "must be one of " + String.join(", ", allowed) + ", was " + quote(value));
        }
        return value;
    }

    /** A SHA-256 as the contract spells it: 64 lowercase hex characters. */
    public static String sha256(String field, String value) {
        present(field, value);
        if (!SHA256.matcher(value).matches()) {
            throw new InvalidFieldException(field, "expected 64 lowercase hex characters, was \""
                    + (value.length() > 70 ? value.substring(0, 67) + "..." : value) + "\"");
        }
        return value;
    }

    /** Requires {@code later} to be strictly after {@code earlier}. */
    public static void after(String field, Instant later, String earlierField, Instant earlier) {
        present(field, later);
        present(earlierField, earlier);
        if (!later.isAfter(earlier)) {
            throw new InvalidFieldException(field,
                    "must be after " + earlierField + " (" + earlier + "), was " + later);
        }
    }

    static String quote(String value) {
        String shown = value.length() > 60 ? value.substring(0, 57) + "..." : value;
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(shown)) + '"';
    }
}
