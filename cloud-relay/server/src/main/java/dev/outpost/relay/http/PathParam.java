package dev.outpost.relay.http;

import io.javalin.http.Context;

/** Path parameters that are numbers: a 400 naming the field and what was expected when they are not. */
public final class PathParam {
    private PathParam() {
    }

    /** The path parameter {@code param} as an int; {@code field} and {@code what} word the refusal. */
    public static int number(Context ctx, String param, String field, String what) {
        String raw = ctx.pathParam(param);
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw HttpProblem.badRequest(field + ": expected " + what + ", was '" + raw + "'");
        }
    }
}
