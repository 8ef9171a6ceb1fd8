package dev.outpost.relay.menu;

import dev.outpost.relay.http.Body;
import dev.outpost.relay.http.HttpProblem;
import dev.outpost.relay.http.PathParam;
import dev.outpost.relay.http.Query;
import dev.outpost.relay.http.Responses;
import dev.outpost.relay.staff.Access;
import dev.outpost.relay.staff.Reasons;
import dev.outpost.relay.staff.Role;
import dev.outpost.relay.staff.Staff;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Menus over HTTP: anyone on staff reads variants, simulates and lists the versions waiting for an approver; a
 * publisher creates variants, saves layers and publishes; an approver (not the publisher) approves or rejects a held
 * version. Every change takes a reason. A menu
 * that cannot be shown is answered 422 with each problem, its path and the stores it affects.
 */
public final class MenuRoutes {
    private final Menus menus;
    private final Access access;
    private final InstantSource clock;

    public MenuRoutes(Menus menus, Access access, InstantSource clock) {
        this.menus = menus;
        this.access = access;
        this.clock = clock;
    }

    public void register(RoutesConfig routes) {
        routes.get("/v1/variants", ctx -> {
            access.require(ctx, Role.VIEWER);
            Responses.json(ctx, Map.of("variants", menus.variants()));
        });
        routes.post("/v1/variants", this::create);
        routes.get("/v1/variants/{id}", ctx -> {
            access.require(ctx, Role.VIEWER);
            Responses.json(ctx, menus.variant(ctx.pathParam("id")));
        });
        routes.put("/v1/variants/{id}/layers/{scope}", this::putLayer);
        routes.delete("/v1/variants/{id}/layers/{scope}", ctx -> {
            Staff staff = access.require(ctx, Role.PUBLISHER);
            String reason = Reasons.require(ctx);
            menus.deleteLayer(staff.actor(), ctx.pathParam("id"), Scope.parse(ctx.pathParam("scope")), reason);
            ctx.status(HttpStatus.NO_CONTENT);
        });
        routes.post("/v1/variants/{id}/simulate", this::simulate);
        routes.post("/v1/variants/{id}/publish", ctx -> {
            Staff staff = access.require(ctx, Role.PUBLISHER);
            String reason = Reasons.require(ctx);
            Body.of(ctx, "publish").finish();
            Menus.VersionView version = menus.publish(staff.actor(), ctx.pathParam("id"), reason);
            ctx.status(version.state().equals(Menus.PUBLISHED) ? HttpStatus.CREATED : HttpStatus.ACCEPTED);
            Responses.json(ctx, version);
        });
        routes.get("/v1/variants/{id}/versions/{n}", ctx -> {
            access.require(ctx, Role.VIEWER);
            Responses.json(ctx, menus.version(ctx.pathParam("id"), number(ctx)));
        });
        routes.get("/v1/approvals", ctx -> {
            access.require(ctx, Role.VIEWER);
            Responses.json(ctx, Map.of("pending", menus.pending()));
        });
        routes.post("/v1/variants/{id}/versions/{n}/approve", ctx -> decide(ctx, true));
        routes.post("/v1/variants/{id}/versions/{n}/reject", ctx -> decide(ctx, false));
        routes.exception(MenuInvalid.class, (e, ctx) -> ctx.status(HttpStatus.UNPROCESSABLE_CONTENT)
                .contentType("application/json")
                .result(dev.outpost.api.json.Json.write(Map.of("error", e.getMessage(), "problems", e.problems()))));
    }

    private void create(Context ctx) {
        Staff staff = access.require(ctx, Role.PUBLISHER);
        String reason = Reasons.require(ctx);
        Body body = Body.of(ctx, "variant");
        String id = body.string("id");
        String name = body.string("name");
        body.finish();
        ctx.status(HttpStatus.CREATED);
        Responses.json(ctx, menus.createVariant(staff.actor(), id, name, reason));
    }

    private void putLayer(Context ctx) {
        Staff staff = access.require(ctx, Role.PUBLISHER);
        String reason = Reasons.require(ctx);
        Body body = Body.of(ctx, "menu_layer");
        var document = body.optionalObject("document").orElseThrow(() -> HttpProblem.badRequest(
                "menu_layer: missing field 'document' (the layer, a JSON object)"));
        Instant from = body.optionalInstant("active_from").orElse(null);
        Instant until = body.optionalInstant("active_until").orElse(null);
        body.finish();
        Responses.json(ctx, menus.putLayer(staff.actor(), ctx.pathParam("id"), Scope.parse(ctx.pathParam("scope")),
                document, from, until, reason));
    }

    private void simulate(Context ctx) {
        access.require(ctx, Role.VIEWER);
        Query query = Query.of(ctx, "simulate query", List.of("store", "at"));
        String store = query.text("store");
        if (store == null) {
            throw query.problem("store is required: the site whose menu to show");
        }
        Instant at = clock.instant();
        String atText = query.text("at");
        if (atText != null) {
            try {
                at = Instant.parse(atText);
            } catch (DateTimeParseException e) {
                throw query.problem("at must be an ISO-8601 instant such as 2026-11-21T11:00:00Z, was '" + atText + "'");
            }
        }
        Responses.json(ctx, menus.simulate(ctx.pathParam("id"), store, at));
    }

    private void decide(Context ctx, boolean approve) {
        Staff staff = access.require(ctx, Role.APPROVER);
        String reason = Reasons.require(ctx);
        Body.of(ctx, approve ? "approval" : "rejection").finish();
        Responses.json(ctx, menus.decide(staff, ctx.pathParam("id"), number(ctx), approve, reason));
    }

    private static int number(Context ctx) {
        return PathParam.number(ctx, "n", "version", "a version number");
    }
}
