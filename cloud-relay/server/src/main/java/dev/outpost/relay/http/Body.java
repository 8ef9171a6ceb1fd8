package dev.outpost.relay.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.json.ContractException;
import dev.outpost.api.json.Json;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A staff request's JSON object body, read field by field: wrong types and unknown fields are refused as a
 * {@link ContractException} naming the document and the field (400). The field {@code reason} is always allowed;
 * {@code Reasons} reads it.
 */
public final class Body {
    private final String document;
    private final JsonNode tree;
    private final Set<String> read = new HashSet<>(Set.of("reason"));

    private Body(String document, JsonNode tree) {
        this.document = document;
        this.tree = tree;
    }

    /** Parses the request body; an empty body reads as {@code {}}. */
    public static Body of(Context ctx, String document) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            return new Body(document, Json.tree("{}"));
        }
        JsonNode tree = Json.tree(bytes, document);
        if (!tree.isObject()) {
            throw new ContractException(document, "", "expected a JSON object");
        }
        return new Body(document, tree);
    }

    public String string(String field) {
        return optionalString(field).orElseThrow(() -> new ContractException(document, "", "missing field '" + field + "'"));
    }

    public Optional<String> optionalString(String field) {
        JsonNode value = field(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new ContractException(document, "." + field, "expected a string, was " + value);
        }
        return Optional.of(value.textValue());
    }

    /** A whole number (JSON integer) field. */
    public long integer(String field) {
        return optionalInteger(field).orElseThrow(() -> new ContractException(document, "", "missing field '" + field + "'"));
    }

    public Optional<Long> optionalInteger(String field) {
        JsonNode value = field(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new ContractException(document, "." + field, "expected an integer, was " + value);
        }
        return Optional.of(value.longValue());
    }

    public List<String> strings(String field) {
        return optionalStrings(field).orElseThrow(() -> new ContractException(document, "", "missing field '" + field + "'"));
    }

    public Optional<List<String>> optionalStrings(String field) {
        JsonNode value = field(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isArray()) {
            throw new ContractException(document, "." + field, "expected an array of strings, was " + value);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isTextual()) {
                throw new ContractException(document, "." + field + "[" + i + "]", "expected a string, was " + value.get(i));
            }
            out.add(value.get(i).textValue());
        }
        return Optional.of(List.copyOf(out));
    }

    /** A list of whole numbers. */
    public Optional<List<Integer>> optionalIntegers(String field) {
        JsonNode value = field(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isArray()) {
            throw new ContractException(document, "." + field, "expected a list of whole numbers, was " + value);
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).canConvertToInt() || !value.get(i).isIntegralNumber()) {
                throw new ContractException(document, "." + field + "[" + i + "]", "expected a whole number, was "
                        + value.get(i));
            }
            out.add(value.get(i).intValue());
        }
        return Optional.of(List.copyOf(out));
    }

    /** A true/false field, {@code false} when absent. */
    public boolean flag(String field) {
        JsonNode value = field(field);
        if (value != null && !value.isBoolean()) {
            throw new ContractException(document, "." + field, "expected true or false, was " + value);
        }
        return value != null && value.booleanValue();
    }

    /** A JSON object field, as it was sent. */
    public Optional<JsonNode> optionalObject(String field) {
        JsonNode value = field(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            throw new ContractException(document, "." + field, "expected a JSON object, was " + value.getNodeType());
        }
        return Optional.of(value);
    }

    /** An instant field, ISO-8601 in UTC ({@code 2026-11-21T11:00:00Z}). */
    public Optional<Instant> optionalInstant(String field) {
        return optionalString(field).map(text -> {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw new ContractException(document, "." + field, "expected an ISO-8601 instant such as"
                        + " 2026-11-21T11:00:00Z, was '" + text + "'");
            }
        });
    }

    /** Refuses any field nobody asked for. */
    public void finish() {
        for (Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!read.contains(name)) {
                throw new ContractException(document, "", "unknown field '" + name + "'");
            }
        }
    }

    private JsonNode field(String field) {
        read.add(field);
        JsonNode value = tree.get(field);
        if (value != null && value.isNull()) {
            throw new ContractException(document, "." + field, "must not be null");
        }
        return value;
    }
}
