package dev.outpost.relay.posstaff;

import dev.outpost.api.json.Json;
import dev.outpost.api.posstaff.SiteStaff;
import dev.outpost.relay.blob.Blobs;
import dev.outpost.relay.http.Body;
import dev.outpost.relay.http.HttpProblem;
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
import java.util.Optional;

/**
 * POS employees over HTTP. Staff: anyone reads the list ({@code GET /v1/pos-staff}, never a hash); an admin adds or
 * changes one ({@code PUT /v1/pos-staff/{employee}} {@code {"name", "role", "sites" | "all_stores": true, "pin" |
 * "pin_hash"}}), sets a PIN ({@code POST .../pin}), deactivates or activates one; every change takes a reason. The
 * site, over mutual TLS: {@code GET /v1/sites/{site}/pos-staff}, its active employees with their PIN hashes, with an
 * ETag (the SHA-256 of the body) and If-None-Match.
 */
public final class PosStaffRoutes {
    private final PosStaff staff;
    private final Access access;

    public PosStaffRoutes(PosStaff staff, Access access) {
        this.staff = staff;
        this.access = access;
    }

    public void register(RoutesConfig routes) {
        routes.get("/v1/pos-staff", ctx -> {
            access.require(ctx, Role.VIEWER);
            Responses.json(ctx, Map.of("employees", staff.list()));
        });
        routes.get("/v1/pos-staff/{employee}", ctx -> {
            access.require(ctx, Role.VIEWER);
            Responses.json(ctx, staff.get(ctx.pathParam("employee")));
        });
        routes.put("/v1/pos-staff/{employee}", this::put);
        routes.post("/v1/pos-staff/{employee}/pin", this::pin);
        routes.post("/v1/pos-staff/{employee}/deactivate", ctx -> active(ctx, false));
        routes.post("/v1/pos-staff/{employee}/activate", ctx -> active(ctx, true));
        routes.get("/v1/sites/{site}/pos-staff", this::site);
    }

    private void put(Context ctx) {
        Staff admin = access.require(ctx, Role.ADMIN);
        String reason = Reasons.require(ctx);
        String employeeId = ctx.pathParam("employee");
        Body body = Body.of(ctx, "pos_employee");
        String name = body.string("name");
        String role = body.string("role");
        List<String> sites = body.optionalStrings("sites").orElse(List.of());
        boolean allStores = body.flag("all_stores");
        String pinHash = pinHash(body, employeeId).orElse(null);
        body.finish();
        Responses.json(ctx, staff.put(admin.actor(), employeeId, new PosStaff.Change(name, role, allStores, sites,
                pinHash), reason));
    }

    private void pin(Context ctx) {
        Staff admin = access.require(ctx, Role.ADMIN);
        String reason = Reasons.require(ctx);
        String employeeId = ctx.pathParam("employee");
        Body body = Body.of(ctx, "pos_employee_pin");
        String pinHash = pinHash(body, employeeId).orElseThrow(() -> HttpProblem.badRequest(
                PosStaff.subject(employeeId) + ": give a pin (or a ready pin_hash)"));
        body.finish();
        Responses.json(ctx, staff.setPin(admin.actor(), employeeId, pinHash, reason));
    }

    private void active(Context ctx, boolean active) {
        Staff admin = access.require(ctx, Role.ADMIN);
        String reason = Reasons.require(ctx);
        Responses.json(ctx, staff.setActive(admin.actor(), ctx.pathParam("employee"), active, reason));
    }

    /** The hash of the body's {@code pin}, or its ready {@code pin_hash}; empty when it has neither. */
    private static Optional<String> pinHash(Body body, String employeeId) {
        String subject = PosStaff.subject(employeeId);
        Optional<String> pin = body.optionalString("pin");
        Optional<String> ready = body.optionalString("pin_hash");
        if (pin.isPresent() && ready.isPresent()) {
            throw HttpProblem.badRequest(subject + ": give a pin or a pin_hash, not both");
        }
        return pin.map(p -> Pins.hash(subject + ": pin", p))
                .or(() -> ready.map(h -> Pins.readyHash(subject + ": pin_hash", h)));
    }

    private void site(Context ctx) {
        SiteStaff list = staff.forSite(ctx.pathParam("site"));
        byte[] json = Json.write(list);
        String etag = "\"" + Blobs.sha256(json) + "\"";
        ctx.header("ETag", etag).header("Cache-Control", "no-cache");
        if (etag.equals(ctx.header("If-None-Match"))) {
            ctx.status(HttpStatus.NOT_MODIFIED);
            return;
        }
        ctx.contentType("application/json").result(json);
    }
}
