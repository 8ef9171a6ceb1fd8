package dev.outpost.relay.audit;

import dev.outpost.relay.http.HttpProblem;
import dev.outpost.relay.http.Query;
import dev.outpost.relay.http.Responses;
import dev.outpost.relay.staff.Access;
import dev.outpost.relay.staff.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code GET /v1/audit} (search, paged by sequence number) and {@code GET /v1/audit/verify} (walk the chain).
 * Any staff member may read the audit log: it is how HQ sees who did what and why.
 */
public final class AuditRoutes {
    private final AuditLog audit;
    private final AuditSearch search;
    private final Access access;

    public AuditRoutes(AuditLog audit, AuditSearch search, Access access) {
        this.audit = audit;
        this.search = search;
        this.access = access;
    }

    /** The chain check as JSON: {@code problem} is null when intact. */
    record Verification(boolean ok, long checked, String problem) {
    }

    public void register(RoutesConfig routes) {
        routes.get("/v1/audit", this::search);
        routes.get("/v1/audit/verify", ctx -> {
            access.require(ctx, Role.VIEWER);
            AuditVerification result = audit.verify();
            Responses.json(ctx, new Verification(result.ok(), result.checked(), result.problem().orElse(null)));
        });
    }

    private void search(Context ctx) {
        access.require(ctx, Role.VIEWER);
        Query q = Query.of(ctx, "audit query", List.of("subject", "actor", "action", "from", "to", "after", "limit"));
        AuditQuery query;
        try {
            query = new AuditQuery(q.text("subject"), q.text("actor"), q.text("action"), instant(q, "from"),
                    instant(q, "to"), q.number("after", 0), (int) q.number("limit", AuditQuery.DEFAULT_LIMIT));
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest(e.getMessage());
        }
        Responses.json(ctx, search.search(query));
    }

    private static Instant instant(Query q, String name) {
        String value = q.text(name);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw q.problem(name + " must be an ISO-8601 instant such as 2026-11-21T05:00:00Z, was '" + value + "'");
        }
    }
}
