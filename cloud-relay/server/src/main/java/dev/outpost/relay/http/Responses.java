package dev.outpost.relay.http;

import dev.outpost.api.json.Json;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;

/** JSON bodies through the contract's strict mapper, and errors as {@code {"error": "..."}}. */
public final class Responses {
    private Responses() {
    }

    public static void json(Context ctx, Object body) {
        ctx.contentType("application/json").result(Json.write(body));
    }

    public static void error(Context ctx, HttpStatus status, String message) {
        ctx.status(status).contentType("application/json").result(Json.write(Map.of("error", message)));
    }
}
