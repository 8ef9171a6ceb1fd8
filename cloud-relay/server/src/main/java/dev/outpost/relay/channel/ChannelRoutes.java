package dev.outpost.relay.channel;

import dev.outpost.api.json.Json;
import dev.outpost.relay.http.Body;
import dev.outpost.relay.http.HttpProblem;
import dev.outpost.relay.http.Query;
import dev.outpost.relay.http.Responses;
import dev.outpost.relay.staff.Access;
import dev.outpost.relay.staff.Reasons;
import dev.outpost.relay.staff.Role;
import dev.outpost.relay.staff.Staff;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Map;

/**
 * Channels over HTTP: anyone on staff reads channels, rules, what each channel has and what is out of step; a
 * publisher saves channels, templates and rules and asks for a run (each with a reason, audited); an approver sets
 * hold rules and decides holds. The files published for channels (website, PDF, QR page) are public under
 * {@code /channels/<channel>/}.
 */
public final class ChannelRoutes {
    private final Channels channels;
    private final Access access;

    public ChannelRoutes(Channels channels, Access access) {
        this.channels = channels;
        this.access = access;
    }

    public void register(RoutesConfig routes) {
        routes.get("/v1/channels", ctx -> {
            access.require(ctx, Role.VIEWER);
            Responses.json(ctx, Map.of("channels", channels.channels(), "kinds", channels.kinds()));
        });
        routes.put("/v1/channels/{id}", ctx -> {
            Staff staff = access.require(ctx, Role.PUBLISHER);
            String reason = Reasons.require(ctx);
            Responses.json(ctx, channels.put(staff.actor(), ctx.pathParam("id"), Json.tree(ctx.bodyAsBytes(), "channel"),
                    reason));
        });
        routes.put("/v1/channels/{id}/template", ctx -> {
            Staff staff = access.require(ctx, Role.PUBLISHER);
            String reason = Reasons.require(ctx);
            Body body = Body.of(ctx, "channel_template");
            String template = body.string("template");
            body.finish();
            Responses.json(ctx, channels.putTemplate(staff.actor(), ctx.pathParam("id"), template, reason));
        });
        routes.get("/v1/channels/out-of-step", ctx -> {
            access.require(ctx, Role.VIEWER);
            Responses.json(ctx, Map.of("deliveries", channels.outOfStep()));
        });
        routes.get("/v1/channels/{id}/deliveries", ctx -> {
            access.require(ctx, Role.VIEWER);
            Responses.json(ctx, Map.of("deliveries", channels.deliveries(ctx.pathParam("id"))));
        });
        routes.get("/v1/channel-rules", ctx -> {
            access.require(ctx, Role.VIEWER);
            Responses.json(ctx, Map.of("rules", channels.rules()));
        });
        routes.put("/v1/channel-rules/{category}", ctx -> {
            Staff staff = access.require(ctx, Role.PUBLISHER);
            String reason = Reasons.require(ctx);
            Body body = Body.of(ctx, "channel_rule");
            var list = body.strings("channels");
            body.finish();
            Responses.json(ctx, Map.of("category", ctx.pathParam("category"), "channels",
                    channels.putRule(staff.actor(), ctx.pathParam("category"), list, reason)));
        });
        routes.delete("/v1/channel-rules/{category}", ctx -> {
            Staff staff = access.require(ctx, Role.PUBLISHER);
            channels.deleteRule(staff.actor(), ctx.pathParam("category"), Reasons.require(ctx));
            ctx.status(HttpStatus.NO_CONTENT);
        });
        routes.post("/v1/channel-runs", this::run);
        routes.get("/v1/channel-hold-rules", ctx -> {
            access.require(ctx, Role.VIEWER);
            Responses.json(ctx, channels.holdRules());
        });
        routes.put("/v1/channel-hold-rules", this::putHoldRules);
        routes.get("/v1/channel-holds", ctx -> {
            access.require(ctx, Role.VIEWER);
            Responses.json(ctx, Map.of("holds", channels.holds()));
        });
        routes.get("/v1/channel-holds/digest", ctx -> {
            access.require(ctx, Role.VIEWER);
            Query query = Query.of(ctx, "digest query", List.of("week"));
            Responses.json(ctx, channels.digest(query.text("week")));
        });
        routes.post("/v1/channel-holds/{id}/approve", ctx -> decide(ctx, true));
        routes.post("/v1/channel-holds/{id}/reject", ctx -> decide(ctx, false));
        routes.get("/channels/{id}/{file}", ctx -> {
            String name = ctx.pathParam("file");
            byte[] file = channels.file(ctx.pathParam("id"), name).orElseThrow(() ->
                    HttpProblem.notFound("channel " + ctx.pathParam("id") + ": no file " + name));
            ctx.header("Cache-Control", "no-cache").contentType(ContentStore.mediaType(name)).result(file);
        });
    }

    private void putHoldRules(Context ctx) {
        Staff staff = access.require(ctx, Role.APPROVER);
        String reason = Reasons.require(ctx);
        Body body = Body.of(ctx, "channel_hold_rules");
        Integer pct = body.optionalInteger("price_change_percent").map(p -> (int) Math.max(Integer.MIN_VALUE,
                Math.min(Integer.MAX_VALUE, p))).orElse(null);
        boolean newItems = body.flag("new_items");
        boolean removedItems = body.flag("removed_items");
        String notifyUrl = body.optionalString("notify_url").orElse(null);
        body.finish();
        Responses.json(ctx, channels.putHoldRules(staff.actor(), new Holds.Rules(pct, newItems, removedItems, notifyUrl),
                reason));
    }

    private void decide(Context ctx, boolean approve) {
        Staff staff = access.require(ctx, Role.APPROVER);
        String reason = Reasons.require(ctx);
        Body.of(ctx, approve ? "approval" : "rejection").finish();
        Responses.json(ctx, channels.decide(staff, ctx.pathParam("id"), approve, reason));
    }

    private void run(Context ctx) {
        Staff staff = access.require(ctx, Role.PUBLISHER);
        String reason = Reasons.require(ctx);
        Body.of(ctx, "channel_run").finish();
        Responses.json(ctx, Map.of("channels", channels.runNow(staff.actor(), reason)));
    }
}
