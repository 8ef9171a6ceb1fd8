package dev.outpost.relay.pki;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.json.Json;
import dev.outpost.relay.http.HttpProblem;
import dev.outpost.relay.http.Responses;
import dev.outpost.relay.staff.Access;
import dev.outpost.relay.staff.Reasons;
import dev.outpost.relay.staff.Role;
import dev.outpost.relay.staff.Staff;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Device identity for staff, behind the staff login (not under {@code /v1/sites/}, which is the devices' own):
 * {@code POST /v1/enrollment-tokens} (admin), {@code GET /v1/device-certificates} (any staff),
 * {@code POST /v1/device-certificates/{serial}/revoke} (admin). Changes need a reason and are audited.
 */
public final class DeviceAdminRoutes {
    private final DeviceIdentity identity;
    private final Access access;
    private final InstantSource clock;

    DeviceAdminRoutes(DeviceIdentity identity, Access access, InstantSource clock) {
        this.identity = identity;
        this.access = access;
        this.clock = clock;
    }

    public void register(RoutesConfig routes) {
        routes.post("/v1/enrollment-tokens", this::issue);
        routes.get("/v1/device-certificates", this::list);
        routes.post("/v1/device-certificates/{serial}/revoke", this::revoke);
    }

    /** Body: {@code {"site_id": "store-0042", "ttl": "24h", "reason": "..."}}; ttl defaults to 24h. */
    private void issue(Context ctx) {
        Staff staff = access.require(ctx, Role.ADMIN);
        String reason = Reasons.require(ctx);
        JsonNode body = Json.tree(ctx.bodyAsBytes(), "enrollment_token_request");
        JsonNode site = body.path("site_id");
        if (!site.isTextual()) {
            throw HttpProblem.badRequest("enrollment_token_request: site_id is required, a string such as \"store-0042\"");
        }
        JsonNode ttl = body.path("ttl");
        if (!ttl.isMissingNode() && !ttl.isTextual()) {
            throw HttpProblem.badRequest("enrollment_token_request: ttl must be a string such as \"24h\", was " + ttl);
        }
        Duration validFor = ttl.isMissingNode() ? Duration.ofHours(24) : DeviceIdentity.ttl(ttl.textValue());
        DeviceIdentity.IssuedToken issued = identity.issue(site.textValue(), validFor, staff.actor(), reason);
        Responses.json(ctx, Map.of("site_id", issued.siteId(), "token", issued.token(), "expires_at", issued.expiresAt()));
    }

    private void list(Context ctx) {
        access.require(ctx, Role.VIEWER);
        List<Map<String, Object>> rows = identity.list(Optional.ofNullable(ctx.queryParam("site"))).stream()
                .map(this::view).toList();
        Responses.json(ctx, Map.of("certificates", rows));
    }

    private void revoke(Context ctx) {
        Staff staff = access.require(ctx, Role.ADMIN);
        String reason = Reasons.require(ctx);
        Responses.json(ctx, view(identity.revoke(ctx.pathParam("serial"), staff.actor(), reason)));
    }

    private Map<String, Object> view(CertificateRecord c) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("serial", c.serial());
        row.put("site_id", c.siteId());
        row.put("state", c.state(clock.instant()));
        row.put("fingerprint", c.fingerprint());
        row.put("not_before", c.notBefore());
        row.put("not_after", c.notAfter());
        row.put("issued_at", c.issuedAt());
        row.put("issued_via", c.issuedVia());
        c.revokedAt().ifPresent(at -> row.put("revoked_at", at));
        c.revokedBy().ifPresent(by -> row.put("revoked_by", by));
        c.revokeReason().ifPresent(r -> row.put("revoke_reason", r));
        return row;
    }
}
