package dev.outpost.appliance.orders;

import dev.outpost.api.json.ContractException;
import dev.outpost.api.json.Json;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The LAN HTTP API of restaurant orders ({@code /v1/orders}), the kitchen stations ({@code /v1/kds/{station}}) and the
 * lobby board ({@code /v1/lobby}). Bad input is refused with 400 naming the field, a change the order's state does not
 * allow with 409 naming the state, an unknown order with 404, a failure of the order store (its disk) with 503; none
 * of them changes anything. With orders off every route answers 404 saying so.
 */
public final class OrderRoutes {
    private static final Pattern STATION = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private final String siteId;
    private final Optional<Orders> orders;

    public OrderRoutes(String siteId, Optional<Orders> orders) {
        this.siteId = siteId;
        this.orders = orders;
    }

    public void register(RoutesConfig routes) {
        routes.get("/v1/orders", ctx -> answer(ctx, 200, o -> Map.of("site_id", siteId, "orders", o.today())));
        routes.post("/v1/orders", ctx -> answer(ctx, 201, o -> o.create(body(ctx, OrderRequests.NewOrder.class))));
        routes.get("/v1/orders/{id}", ctx -> answer(ctx, 200, o -> o.get(id(ctx))));
        routes.post("/v1/orders/{id}/submit", ctx -> answer(ctx, 200, o -> o.submit(id(ctx))));
        routes.post("/v1/orders/{id}/paid", ctx -> answer(ctx, 200,
                o -> o.paid(id(ctx), body(ctx, OrderRequests.Paid.class).transactionId())));
        routes.post("/v1/orders/{id}/cancel", ctx -> answer(ctx, 200,
                o -> o.cancel(id(ctx), body(ctx, OrderRequests.Cancel.class).reason())));
        routes.post("/v1/orders/{id}/complete", ctx -> answer(ctx, 200, o -> o.complete(id(ctx))));
        routes.get("/v1/kds/{station}", ctx -> answer(ctx, 200, o -> o.station(station(ctx))));
        routes.post("/v1/kds/{station}/bump", ctx -> answer(ctx, 200,
                o -> o.bump(station(ctx), body(ctx, OrderRequests.Bump.class).orderId())));
        routes.post("/v1/kds/{station}/recall", ctx -> answer(ctx, 200, o -> o.recall(station(ctx))));
        routes.get("/v1/lobby", ctx -> answer(ctx, 200, Orders::lobby));
    }

    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    private void answer(Context ctx, int status, Function<Orders, Object> action) {
        if (orders.isEmpty()) {
            json(ctx, 404, Map.of("error", "site " + siteId + ": restaurant orders are off (orders.enabled is not true)"));
            return;
        }
        try {
            json(ctx, status, action.apply(orders.get()));
        } catch (BadRequest | ContractException e) {
            json(ctx, 400, Map.of("error", "site " + siteId + ": " + ctx.method() + " " + ctx.path()
                    + " refused, nothing changed: " + e.getMessage()));
        } catch (NoSuchOrder e) {
            json(ctx, 404, Map.of("error", e.getMessage()));
        } catch (OrderRefused e) {
            json(ctx, 409, Map.of("error", e.getMessage()));
        } catch (OrderException e) {
            json(ctx, 503, Map.of("error", e.getMessage()));
        }
    }

    private static <T> T body(Context ctx, Class<T> type) {
        return Json.read(ctx.bodyAsBytes(), type);
    }

    private static UUID id(Context ctx) {
        String raw = ctx.pathParam("id");
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("order id '" + raw + "' is not a UUID");
        }
    }

    private static String station(Context ctx) {
        String raw = ctx.pathParam("station");
        if (!STATION.matcher(raw).matches()) {
            throw new BadRequest("station '" + raw + "' must match [a-z0-9][a-z0-9-]{0,62}");
        }
        return raw;
    }

    private static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }
}
