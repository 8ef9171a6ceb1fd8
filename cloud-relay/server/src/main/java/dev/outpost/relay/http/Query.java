package dev.outpost.relay.http;

import io.javalin.http.Context;
import java.util.List;

/**
 * A request's query parameters, read by name for one {@code document} ({@code "audit query"}): a parameter nobody
 * reads, or a value of the wrong kind, is a 400 that names it.
 */
public final class Query {
    private final Context ctx;
    private final String document;

    private Query(Context ctx, String document) {
        this.ctx = ctx;
        this.document = document;
    }

    /** Refuses any parameter not in {@code known}, so a misspelt one is not silently ignored. */
    public static Query of(Context ctx, String document, List<String> known) {
        for (String name : ctx.queryParamMap().keySet()) {
            if (!known.contains(name)) {
                throw HttpProblem.badRequest(document + ": unknown parameter '" + name + "' (known: " + String.join(", ", known) + ")");
            }
        }
        return new Query(ctx, document);
    }

    /** The value, or null when the parameter is absent or empty. */
    public String text(String name) {
        String value = ctx.queryParam(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /** A whole number, or {@code defaultValue} when absent. */
    public long number(String name, long defaultValue) {
        String value = text(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw problem(name + " must be a whole number, was '" + value + "'");
        }
    }

    /** A 400 about this query: {@code "<document>: <message>"}. */
    public HttpProblem problem(String message) {
        return HttpProblem.badRequest(document + ": " + message);
    }
}
