package dev.outpost.relay.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.json.ContractException;
import dev.outpost.relay.http.Body;
import dev.outpost.relay.http.PathParam;
import dev.outpost.relay.http.Responses;
import dev.outpost.relay.staff.Access;
import dev.outpost.relay.staff.Reasons;
import dev.outpost.relay.staff.Role;
import dev.outpost.relay.staff.Staff;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Plans over HTTP: publishers make, stage, pause, resume and abort plans, roll back and poison; a regulator (an
 * approver for that country) signs a plan off for a country; anyone on staff reads them. Every change takes a reason.
 */
public final class PlanRoutes {
    private static final List<String> TARGET_FIELDS = List.of("regions", "countries", "stores", "tags");
    private final Plans plans;
    private final Access access;

    public PlanRoutes(Plans plans, Access access) {
        this.plans = plans;
        this.access = access;
    }

    public void register(RoutesConfig routes) {
        routes.get("/v1/plans", ctx -> {
            access.require(ctx, Role.VIEWER);
            Responses.json(ctx, Map.of("plans", plans.list()));
        });
        routes.post("/v1/plans", this::create);
        routes.get("/v1/plans/{id}", ctx -> {
            access.require(ctx, Role.VIEWER);
            Responses.json(ctx, plans.view(ctx.pathParam("id")));
        });
        routes.post("/v1/plans/{id}/signoff", ctx -> {
            Body body = Body.of(ctx, "signoff");
            String country = body.string("country");
            body.finish();
            Staff staff = access.requireApprover(ctx, country);
            Responses.json(ctx, plans.signOff(staff.actor(), ctx.pathParam("id"), country, Reasons.require(ctx)));
        });
        routes.post("/v1/plans/{id}/advance", ctx -> step(ctx, plans::advance));
        routes.post("/v1/plans/{id}/pause", ctx -> step(ctx, plans::pause));
        routes.post("/v1/plans/{id}/resume", ctx -> step(ctx, plans::resume));
        routes.post("/v1/plans/{id}/abort", ctx -> step(ctx, plans::abort));
        routes.post("/v1/variants/{id}/rollback", this::rollback);
        routes.post("/v1/variants/{id}/versions/{n}/poison", this::poison);
        routes.get("/v1/poisons", ctx -> {
            access.require(ctx, Role.VIEWER);
            Responses.json(ctx, Map.of("poisons", plans.poisons()));
        });
    }

    @FunctionalInterface
    private interface Step {
        Plan apply(String actor, String planId, String reason);
    }

    private void step(Context ctx, Step step) {
        Staff staff = access.require(ctx, Role.PUBLISHER);
        String reason = Reasons.require(ctx);
        Body.of(ctx, "plan_step").finish();
        Responses.json(ctx, step.apply(staff.actor(), ctx.pathParam("id"), reason));
    }

    private void create(Context ctx) {
        Staff staff = access.require(ctx, Role.PUBLISHER);
        String reason = Reasons.require(ctx);
        Body body = Body.of(ctx, "plan");
        String variant = body.string("variant");
        int version = (int) body.integer("version");
        var at = body.optionalInstant("activate_at").orElse(null);
        LocalDateTime local = body.optionalString("activate_local").map(PlanRoutes::localTime).orElse(null);
        Targets targets = targets(body.optionalObject("targets").orElse(null));
        List<Integer> stages = body.optionalIntegers("stages").orElse(List.of(100));
        Guardrail guardrail = body.optionalObject("guardrail").map(Guardrail::read).orElse(Guardrail.DEFAULT);
        body.finish();
        ctx.status(HttpStatus.CREATED);
        Responses.json(ctx, plans.create(staff.actor(), variant, version, at, local, targets, stages, guardrail,
                reason));
    }

    private void rollback(Context ctx) {
        Staff staff = access.require(ctx, Role.PUBLISHER);
        String reason = Reasons.require(ctx);
        Body body = Body.of(ctx, "rollback");
        int version = (int) body.integer("version");
        Targets targets = targets(body.optionalObject("targets").orElse(null));
        body.finish();
        ctx.status(HttpStatus.CREATED);
        Responses.json(ctx, plans.rollback(staff.actor(), ctx.pathParam("id"), version, targets, reason));
    }

    private void poison(Context ctx) {
        Staff staff = access.require(ctx, Role.PUBLISHER);
        String reason = Reasons.require(ctx);
        Body body = Body.of(ctx, "poison");
        int safe = (int) body.integer("safe_version");
        body.finish();
        int number = PathParam.number(ctx, "n", "version", "a version number");
        ctx.status(HttpStatus.CREATED);
        Responses.json(ctx, plans.poison(staff.actor(), ctx.pathParam("id"), number, safe, reason));
    }

    private static LocalDateTime localTime(String text) {
        try {
            return LocalDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new ContractException("plan", ".activate_local", "expected a local date and time such as"
                    + " 2026-11-23T06:00, was '" + text + "'");
        }
    }

    /** {@code {"regions": [...], "countries": [...], "stores": [...], "tags": [...]}}, each optional; absent = all. */
    public static Targets targets(JsonNode node) {
        if (node == null) {
            return Targets.ALL;
        }
        List<List<String>> lists = new ArrayList<>();
        for (String field : TARGET_FIELDS) {
            List<String> values = new ArrayList<>();
            JsonNode list = node.get(field);
            if (list != null) {
                if (!list.isArray()) {
                    throw new ContractException("plan", ".targets." + field, "expected a list of strings, was " + list);
                }
                for (JsonNode v : list) {
                    if (!v.isTextual()) {
                        throw new ContractException("plan", ".targets." + field, "expected strings, was " + v);
                    }
                    values.add(v.textValue());
                }
            }
            lists.add(values);
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!TARGET_FIELDS.contains(name)) {
                throw new ContractException("plan", ".targets", "unknown field '" + name + "' (known: "
                        + String.join(", ", TARGET_FIELDS) + ")");
            }
        }
        return new Targets(lists.get(0), lists.get(1), lists.get(2), lists.get(3));
    }
}
