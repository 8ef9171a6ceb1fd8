package dev.outpost.relay.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.json.ContractException;
import dev.outpost.api.json.Json;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
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
 * {@code Reasons} reads it. Its static helpers guard every request's body: the size limit, and reading what a
 * refusal left unread.
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

    /** Refuses (413) a request whose declared body is over {@code limit}, naming the route and the limit. */
    public static void refuseOver(Context ctx, long limit, String advice) {
        if (ctx.contentLength() > limit) {
            throw new HttpProblem(HttpStatus.CONTENT_TOO_LARGE, ctx.method() + " " + ctx.path() + ": a body of "
                    + ctx.contentLength() + " bytes is over this route's limit of " + limit + " bytes" + advice);
        }
    }

    /**
     * Reads what is left of the request body, up to {@code atMost} bytes, and drops it; before every refusal. A request
     * refused before its body was read (too large, no session, another site's path) would otherwise be answered while
     * the body still streams in, and the close that follows resets the connection: the caller loses the answer (the
     * appliance's outbox, for one, splits its batch on a 413). A body over {@code atMost} is left, and may be reset.
     */
    public static void dropUnread(Context ctx, long atMost) {
        long length = ctx.contentLength();
        boolean chunked = length < 0 && ctx.header("Transfer-Encoding") != null;
        if (!(length > 0 && length <= atMost) && !chunked) { // no body (most requests: a GET), or one too large to read
            return;
        }
        try {
            InputStream in = ctx.req().getInputStream();
            if (in.read() < 0) { // the handler read it: the usual case, and no buffer for it
                return;
            }
            byte[] buffer = new byte[64 * 1024];
            for (long left = atMost - 1, n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0; ) {
                left -= n;
            }
        } catch (IOException e) {
            // the caller went away: nobody is left to read the answer
        } catch (IllegalStateException e) {
            // the handler read the body as characters, so it is read
        }
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
