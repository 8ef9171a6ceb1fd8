package dev.outpost.relay.menu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Collects the problems of one document while it is read. A reader that returns a value reports what it
 * expected and returns null when the value cannot be used, so the caller skips the checks that depend on it
 * instead of piling up consequences of the same mistake.
 */
final class Problems {
    /** The largest integer a JSON number carries exactly (I-JSON): canonical JSON writes numbers as doubles. */
    static final long MAX_INTEGER = (1L << 53) - 1;

    private final List<MenuProblem> found;
    private final MenuProblem.Kind kind;

    Problems() {
        this(new ArrayList<>(), MenuProblem.Kind.SCHEMA);
    }

    private Problems(List<MenuProblem> found, MenuProblem.Kind kind) {
        this.found = found;
        this.kind = kind;
    }

    /** The same collection, recording problems of another kind. */
    Problems as(MenuProblem.Kind other) {
        return new Problems(found, other);
    }

    List<MenuProblem> all() {
        return List.copyOf(found);
    }

    void add(String path, String message) {
        found.add(new MenuProblem(kind, path, message));
    }

    JsonNode required(ObjectNode parent, String parentPath, String field) {
        JsonNode value = parent.get(field);
        if (value == null) {
            add(MenuPaths.child(parentPath, field), "missing (required)");
        }
        return value;
    }

    /** Reports every field of {@code node} not in {@code fields}, so a misspelt field is never silently ignored. */
    void onlyFields(ObjectNode node, String path, String whose, List<String> fields) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = field.getKey();
            if (fields.contains(name)) {
                continue;
            }
            String guess = closest(name, fields);
            add(MenuPaths.child(path, name), guess != null
                    ? "unknown field; did you mean " + guess + "?"
                    : "unknown field; " + whose + " fields are " + String.join(", ", fields));
        }
    }

    ObjectNode object(String path, JsonNode value) {
        if (value instanceof ObjectNode object) {
            return object;
        }
        add(path, "expected an object, was " + MenuPaths.json(value));
        return null;
    }

    ArrayNode array(String path, JsonNode value) {
        if (value instanceof ArrayNode array) {
            return array;
        }
        add(path, "expected an array, was " + MenuPaths.json(value));
        return null;
    }

    /** A string; lone surrogates are refused here because canonical JSON, and so resolution, refuses them. */
    String text(String path, JsonNode value) {
        if (value.isTextual()) {
            String text = value.textValue();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    add(path, String.format("must be valid Unicode, has a lone surrogate U+%04X at index %d",
                            (int) c, i));
                    return null;
                }
            }
            return text;
        }
        add(path, "expected a string, was " + MenuPaths.json(value));
        return null;
    }

    String nonBlank(String path, JsonNode value) {
        String text = text(path, value);
        if (text != null && text.isBlank()) {
            add(path, "must not be blank, was " + MenuPaths.word(text));
            return null;
        }
        return text;
    }

    /** An integer from {@code min} to {@link #MAX_INTEGER}; {@code 5.0} is not an integer here. */
    void integer(String path, JsonNode value, long min) {
        if (!value.isIntegralNumber()) {
            add(path, "expected an integer, was " + MenuPaths.json(value));
            return;
        }
        BigInteger number = value.bigIntegerValue();
        if (number.compareTo(BigInteger.valueOf(min)) < 0) {
            add(path, (min == 0 ? "must not be negative" : "must be at least " + min) + ", was " + number);
        } else if (number.compareTo(BigInteger.valueOf(MAX_INTEGER)) > 0) {
            add(path, "must be at most " + MAX_INTEGER + " (the largest integer JSON carries exactly), was " + number);
        }
    }

    /**
     * The allowed name a misspelt one most likely meant, if exactly one is nearest: within two edits, or a
     * prefix of it either way ({@code amount} for {@code amount_minor}).
     */
    private static String closest(String name, List<String> allowed) {
        String best = null;
        int bestDistance = 3;
        boolean tie = false;
        for (String candidate : allowed) {
            boolean prefix = name.length() >= 4 && candidate.length() >= 4
                    && (candidate.startsWith(name) || name.startsWith(candidate));
            int distance = prefix ? Math.min(2, distance(name, candidate)) : distance(name, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
                tie = false;
            } else if (distance == bestDistance) {
                tie = true;
            }
        }
        return tie ? null : best;
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
