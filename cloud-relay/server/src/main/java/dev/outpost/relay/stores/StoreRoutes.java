package dev.outpost.relay.stores;

import dev.outpost.relay.http.Body;
import dev.outpost.relay.http.Responses;
import dev.outpost.relay.staff.Access;
import dev.outpost.relay.staff.Reasons;
import dev.outpost.relay.staff.Role;
import dev.outpost.relay.staff.Staff;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/** The store directory over HTTP: anyone on staff reads it; an admin adds or changes a store, with a reason. */
public final class StoreRoutes {
    private final StoreDirectory directory;
    private final Access access;

    public StoreRoutes(StoreDirectory directory, Access access) {
        this.directory = directory;
        this.access = access;
    }

    public void register(RoutesConfig routes) {
        routes.get("/v1/stores", ctx -> {
            access.require(ctx, Role.VIEWER);
            Responses.json(ctx, Map.of("stores", directory.all()));
        });
        routes.get("/v1/stores/{site}", ctx -> {
            access.require(ctx, Role.VIEWER);
            Responses.json(ctx, directory.get(ctx.pathParam("site")));
        });
        routes.put("/v1/stores/{site}", this::put);
    }

    private void put(Context ctx) {
        Staff staff = access.require(ctx, Role.ADMIN);
        String reason = Reasons.require(ctx);
        Body body = Body.of(ctx, "store");
        String region = body.string("region");
        String country = body.string("country");
        String zone = body.string("zone");
        List<String> tags = body.optionalStrings("tags").orElse(List.of());
        body.finish();
        Responses.json(ctx, directory.put(staff.actor(), new StoreProfile(ctx.pathParam("site"), region, country, zone,
                tags), reason));
    }
}
