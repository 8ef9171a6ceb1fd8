package dev.outpost.relay.fleet;

import dev.outpost.api.heartbeat.Heartbeat;
import dev.outpost.api.heartbeat.HeartbeatReply;
import dev.outpost.relay.http.Responses;
import dev.outpost.relay.staff.Access;
import dev.outpost.relay.staff.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.InstantSource;
import java.util.function.Predicate;

/** Heartbeats in, the fleet's freshness out. */
public final class FleetRoutes {
    private final FleetState fleet;
    private final InstantSource clock;
    private final Access access;
    private final Predicate<String> pullNow;

    /** @param pullNow whether a site's manifest changed since it last fetched one (said in the heartbeat reply) */
    public FleetRoutes(FleetState fleet, InstantSource clock, Access access, Predicate<String> pullNow) {
        this.fleet = fleet;
        this.clock = clock;
        this.access = access;
        this.pullNow = pullNow;
    }

    public void register(RoutesConfig routes) {
        routes.post("/v1/sites/{site}/heartbeat", this::heartbeat);
        routes.get("/v1/fleet/freshness", ctx -> {
            access.require(ctx, Role.VIEWER);
            Responses.json(ctx, fleet.freshness());
        });
    }

    private void heartbeat(Context ctx) {
        String site = ctx.pathParam("site");
        Heartbeat heartbeat = Heartbeat.read(ctx.bodyAsBytes());
        if (!heartbeat.siteId().equals(site)) {
            Responses.error(ctx, HttpStatus.BAD_REQUEST,
                    "heartbeat: site_id '" + heartbeat.siteId() + "' does not match the path's site '" + site + "'");
            return;
        }
        fleet.record(heartbeat);
        Responses.json(ctx, new HeartbeatReply(clock.instant(), pullNow.test(site)));
    }
}
