package dev.outpost.relay.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.json.ContractException;
import dev.outpost.api.json.Json;
import dev.outpost.relay.http.Body;
import dev.outpost.relay.http.PathParam;
import dev.outpost.relay.http.Responses;
import dev.outpost.relay.plan.PlanRoutes;
import dev.outpost.relay.staff.Access;
import dev.outpost.relay.staff.Reasons;
import dev.outpost.relay.staff.Role;
import dev.outpost.relay.staff.Staff;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Catalogs over HTTP: a publisher publishes a version ({@code POST /v1/catalogs/{catalog}/versions} {@code
 * {"document": {...}}}) and plans one onto stores ({@code POST /v1/catalogs/{catalog}/plans} {@code {"version",
 * "targets"}}); anyone on staff reads them. Every change takes a reason. A document the contract refuses is 422 with
 * its problems.
 */
public final class CatalogRoutes {
    /** The largest catalog publish the relay reads: a snapshot of several hundred thousand SKUs. */
    public static final long MAX_BODY_BYTES = 64L * 1024 * 1024;
    private static final String PUBLISH = "/v1/catalogs/{catalog}/versions";
    private static final Pattern PUBLISH_PATH = Pattern.compile("/v1/catalogs/[^/]+/versions");

    private final Catalogs catalogs;
    private final Access access;

    public CatalogRoutes(Catalogs catalogs, Access access) {
        this.catalogs = catalogs;
        this.access = access;
    }

    public void register(RoutesConfig routes) {
        routes.get("/v1/catalogs", ctx -> {
            access.require(ctx, Role.VIEWER);
            Responses.json(ctx, Map.of("catalogs", catalogs.list()));
        });
        routes.post(PUBLISH, this::publish);
        routes.get("/v1/catalogs/{catalog}/versions/{v}", ctx -> {
            access.require(ctx, Role.VIEWER);
            Responses.json(ctx, catalogs.view(ctx.pathParam("catalog"), PathParam.number(ctx, "v", "version",
                    "a version number")));
        });
        routes.post("/v1/catalogs/{catalog}/plans", this::plan);
        routes.exception(CatalogInvalid.class, (e, ctx) -> ctx.status(HttpStatus.UNPROCESSABLE_CONTENT)
                .contentType("application/json")
                .result(Json.write(Map.of("error", e.getMessage(), "problems", e.problems()))));
    }

    /** Whether the request publishes a catalog version, the one route whose body may be above 4 MB. */
    public static boolean isPublish(Context ctx) {
        return ctx.method() == HandlerType.POST && PUBLISH_PATH.matcher(ctx.path()).matches();
    }

    private void publish(Context ctx) {
        Staff staff = access.require(ctx, Role.PUBLISHER);
        String reason = Reasons.require(ctx);
        Body body = Body.of(ctx, "catalog_publish");
        JsonNode document = body.optionalObject("document").orElseThrow(() -> new ContractException(
                "catalog_publish", "", "missing field 'document' (the catalog snapshot to publish)"));
        body.finish();
        ctx.status(HttpStatus.CREATED);
        Responses.json(ctx, catalogs.publish(staff.actor(), ctx.pathParam("catalog"), document, reason));
    }

    private void plan(Context ctx) {
        Staff staff = access.require(ctx, Role.PUBLISHER);
        String reason = Reasons.require(ctx);
        Body body = Body.of(ctx, "catalog_plan");
        long version = body.integer("version");
        var targets = PlanRoutes.targets(body.optionalObject("targets").orElse(null));
        long percent = body.optionalInteger("percent").orElse(100L);
        body.finish();
        ctx.status(HttpStatus.CREATED);
        Responses.json(ctx, catalogs.plan(staff.actor(), ctx.pathParam("catalog"), version, targets, percent, reason));
    }
}
