package dev.outpost.relay.staff;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.json.ContractException;
import dev.outpost.api.json.Json;
import dev.outpost.relay.http.HttpProblem;
import io.javalin.http.Context;

/**
 * Why a staff member makes a change. Every mutating staff request carries one, either as the {@value #HEADER}
 * header (for scripts, and requests whose body is not JSON) or as a {@code "reason"} string field of its JSON
 * body (what the console sends; any language). The header wins when both are given.
 */
public final class Reasons {
    public static final String HEADER = "X-Outpost-Reason";
    public static final int MAX_LENGTH = 1000;
    public static final String MISSING = "reason is required: say why you are doing this";

    private Reasons() {
    }

    /** The reason, stripped; 400 when missing, blank or too long. */
    public static String require(Context ctx) {
        String header = ctx.header(HEADER);
        return check(header != null ? header : fromBody(ctx));
    }

    /** The same rule for reasons given any other way (the CLI's --reason). */
    public static String check(String reason) {
        if (reason == null || reason.isBlank()) {
            throw HttpProblem.badRequest(MISSING + " (a \"reason\" field in the JSON body or an " + HEADER + " header)");
        }
        String stripped = reason.strip();
        if (stripped.length() > MAX_LENGTH) {
            throw HttpProblem.badRequest("reason must be at most " + MAX_LENGTH + " characters, was " + stripped.length());
        }
        return stripped;
    }

    private static String fromBody(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0) {
            return null;
        }
        JsonNode tree;
        try {
            tree = Json.tree(body, "request");
        } catch (ContractException e) {
            return null; // not JSON: the header is the only way
        }
        JsonNode reason = tree.isObject() ? tree.get("reason") : null;
        if (reason == null || reason.isNull()) {
            return null;
        }
        if (!reason.isTextual()) {
            throw HttpProblem.badRequest("reason must be a string, was " + reason);
        }
        return reason.textValue();
    }
}
