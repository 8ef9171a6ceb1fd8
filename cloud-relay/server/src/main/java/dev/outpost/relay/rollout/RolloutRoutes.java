package dev.outpost.relay.rollout;

import dev.outpost.relay.http.Query;
import dev.outpost.relay.http.Responses;
import dev.outpost.relay.staff.Access;
import dev.outpost.relay.staff.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

/**
 * {@code GET /v1/plans/{id}/progress} and {@code GET /v1/freshness[?region=R&country=C]}, for anyone on staff (as the
 * other plan reads).
 */
public final class RolloutRoutes {
    private final Rollouts rollouts;
    private final Access access;

    public RolloutRoutes(Rollouts rollouts, Access access) {
        this.rollouts = rollouts;
        this.access = access;
    }

    public void register(RoutesConfig routes) {
        routes.get("/v1/plans/{id}/progress", ctx -> {
            access.require(ctx, Role.VIEWER);
            Query.of(ctx, "progress", List.of());
            Responses.json(ctx, rollouts.progress(ctx.pathParam("id")));
        });
        routes.get("/v1/freshness", this::freshness);
    }

    private void freshness(Context ctx) {
        access.require(ctx, Role.VIEWER);
        Query query = Query.of(ctx, "freshness", List.of("region", "country"));
        String country = query.text("country");
        if (country != null && !country.matches("[A-Z]{2}")) {
            throw query.problem("country must be an ISO 3166-1 alpha-2 code such as FR, was '" + country + "'");
        }
        Responses.json(ctx, rollouts.freshness(query.text("region"), country));
    }
}
