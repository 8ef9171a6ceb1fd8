package dev.outpost.relay.occupancy;

import dev.outpost.api.json.Json;
import dev.outpost.api.lease.LeaseAcquire;
import dev.outpost.api.lease.LeaseReconcile;
import dev.outpost.api.lease.LeaseRelease;
import dev.outpost.api.lease.LeaseRenew;
import dev.outpost.api.lease.MallState;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Occupancy over HTTP. Sites (mutual TLS, under {@code /v1/sites/{site}/}) acquire, renew, release and reconcile
 * blocks and long-poll their mall's state; staff register malls (admin), change capacity, mode and count (safety
 * officer, with a reason) and read the live occupancy and the list of malls (anyone on staff), the occupancy also as
 * a server-sent-events stream.
 */
public final class OccupancyRoutes {
    private final Ledger ledger;
    private final Access access;
    private final OccupancyStream stream;

    public OccupancyRoutes(Ledger ledger, Access access, OccupancyStream stream) {
        this.ledger = ledger;
        this.access = access;
        this.stream = stream;
    }

    public void register(RoutesConfig routes) {
        routes.post("/v1/sites/{site}/blocks", ctx -> Responses.json(ctx,
                ledger.acquire(ctx.pathParam("site"), Json.read(ctx.bodyAsBytes(), LeaseAcquire.class))));
        routes.post("/v1/sites/{site}/blocks/{lease}/renew", ctx -> {
            LeaseRenew request = Json.read(ctx.bodyAsBytes(), LeaseRenew.class);
            samePath(ctx, request.leaseId());
            Responses.json(ctx, ledger.renew(ctx.pathParam("site"), request));
        });
        routes.post("/v1/sites/{site}/blocks/{lease}/release", ctx -> {
            LeaseRelease request = Json.read(ctx.bodyAsBytes(), LeaseRelease.class);
            samePath(ctx, request.leaseId());
            Responses.json(ctx, ledger.release(ctx.pathParam("site"), request));
        });
        routes.post("/v1/sites/{site}/blocks/{lease}/reconcile", ctx -> {
            LeaseReconcile request = Json.read(ctx.bodyAsBytes(), LeaseReconcile.class);
            samePath(ctx, request.leaseId());
            Responses.json(ctx, ledger.reconcile(ctx.pathParam("site"), request));
        });
        routes.get("/v1/sites/{site}/mall", this::mallState);

        routes.post("/v1/malls", this::createMall);
        routes.get("/v1/malls", ctx -> {
            access.require(ctx, Role.VIEWER);
            Responses.json(ctx, Map.of("malls", ledger.malls()));
        });
        routes.post("/v1/malls/{id}/sites", this::bindSite);
        routes.get("/v1/malls/{id}/occupancy", ctx -> {
            access.require(ctx, Role.VIEWER);
            Responses.json(ctx, ledger.view(ctx.pathParam("id")));
        });
        routes.get("/v1/malls/{id}/capacity", ctx -> {
            access.require(ctx, Role.VIEWER);
            Responses.json(ctx, ledger.capacityHistory(ctx.pathParam("id")));
        });
        routes.post("/v1/malls/{id}/capacity", this::changeCapacity);
        routes.post("/v1/malls/{id}/capacity/{seq}/approve", this::approveCapacity);
        routes.post("/v1/malls/{id}/mode", this::setMode);
        routes.post("/v1/malls/{id}/occupancy/recount", this::recount);
        routes.before("/v1/malls/{id}/occupancy/stream", ctx -> {
            access.require(ctx, Role.VIEWER);
            ledger.mallState(ctx.pathParam("id")); // 404 before the stream opens
        });
        routes.sse("/v1/malls/{id}/occupancy/stream", stream::attach);
    }

    private static void samePath(Context ctx, UUID inBody) {
        if (!inBody.toString().equals(ctx.pathParam("lease"))) {
            throw HttpProblem.badRequest("lease_id: the body names lease " + inBody + " but the path " + ctx.pathParam("lease"));
        }
    }

    /**
     * A long-poll: the site's mall state at once when its version is above {@code after}, else when it moves or when
     * {@code wait_ms} (at most {@link MallState#MAX_WAIT}, clamped) runs out. The request holds no thread meanwhile.
     */
    private void mallState(Context ctx) {
        Query query = Query.of(ctx, "mall query", List.of("after", "wait_ms"));
        long after = query.number("after", 0);
        if (after < 0) {
            throw query.problem("after must be a version the relay sent, 0 or more, was " + after);
        }
        long waitMs = query.number("wait_ms", MallState.MAX_WAIT.toMillis());
        if (waitMs < 0) {
            throw query.problem("wait_ms must be 0 or more milliseconds, was " + waitMs);
        }
        Duration wait = Duration.ofMillis(Math.min(waitMs, MallState.MAX_WAIT.toMillis()));
        MallState state = ledger.mallStateOfSite(ctx.pathParam("site"));
        if (state.version() > after || wait.isZero()) {
            Responses.json(ctx, state);
            return;
        }
        ctx.future(() -> stream.await(state.mallId(), after, wait).thenAccept(answer -> Responses.json(ctx, answer)));
    }

    private void createMall(Context ctx) {
        Staff staff = access.require(ctx, Role.ADMIN);
        String reason = Reasons.require(ctx);
        Body body = Body.of(ctx, "mall");
        String id = body.string("id");
        long capacity = body.integer("capacity");
        var sites = body.optionalStrings("sites").orElse(List.of());
        body.finish();
        ctx.status(HttpStatus.CREATED);
        Responses.json(ctx, ledger.createMall(staff.actor(), id, capacity, sites, reason));
    }

    private void bindSite(Context ctx) {
        Staff staff = access.require(ctx, Role.ADMIN);
        String reason = Reasons.require(ctx);
        Body body = Body.of(ctx, "site_binding");
        String site = body.string("site");
        body.finish();
        Responses.json(ctx, ledger.bindSite(staff.actor(), ctx.pathParam("id"), site, reason));
    }

    private void changeCapacity(Context ctx) {
        Staff staff = access.require(ctx, Role.SAFETY_OFFICER);
        String reason = Reasons.require(ctx);
        Body body = Body.of(ctx, "capacity_change");
        long capacity = body.integer("capacity");
        body.finish();
        CapacityChange change = ledger.changeCapacity(staff.actor(), ctx.pathParam("id"), capacity, reason);
        ctx.status(change.status().equals("PENDING") ? HttpStatus.ACCEPTED : HttpStatus.OK);
        Responses.json(ctx, change);
    }

    private void approveCapacity(Context ctx) {
        Staff staff = access.require(ctx, Role.SAFETY_OFFICER);
        String reason = Reasons.require(ctx);
        Body.of(ctx, "capacity_approval").finish();
        int seq = PathParam.number(ctx, "seq", "seq", "a capacity change number");
        Responses.json(ctx, ledger.approveCapacity(staff.actor(), ctx.pathParam("id"), seq, reason));
    }

    private void setMode(Context ctx) {
        Staff staff = access.require(ctx, Role.SAFETY_OFFICER);
        String reason = Reasons.require(ctx);
        Body body = Body.of(ctx, "mode_change");
        Mode mode = Mode.parse("mode_change", body.string("mode"));
        body.finish();
        Responses.json(ctx, ledger.setMode(staff.actor(), ctx.pathParam("id"), mode, reason));
    }

    private void recount(Context ctx) {
        Staff staff = access.require(ctx, Role.SAFETY_OFFICER);
        String reason = Reasons.require(ctx);
        Body body = Body.of(ctx, "recount");
        long count = body.integer("count");
        boolean force = body.flag("force");
        body.finish();
        Responses.json(ctx, ledger.recount(staff.actor(), ctx.pathParam("id"), count, force, reason));
    }
}
