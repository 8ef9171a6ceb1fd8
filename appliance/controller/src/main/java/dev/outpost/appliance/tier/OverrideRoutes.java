package dev.outpost.appliance.tier;

import dev.outpost.api.json.ContractException;
import dev.outpost.api.json.Json;
import dev.outpost.api.password.PasswordHash;
import dev.outpost.site.broker.Credential;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The appliance's LAN side of the menu tier: {@code GET /v1/menus/tier} (the {@link TierView}),
 * {@code POST /v1/menus/override} and {@code DELETE /v1/menus/override}.
 *
 * <p>The appliance's LAN has no staff login; the one credential store it has is the site's account file
 * ({@code broker.accounts}), whose PBKDF2 hashes the broker checks at every connect. An override therefore needs HTTP
 * Basic with one of those accounts (the manager's terminal, say) and names the manager in its body; both are audited.
 * Bad input is refused (400) before anything is written; so is an override the tier does not allow (409).
 */
public final class OverrideRoutes {
    private final String siteId;
    private final Optional<TierWatch> watch;
    private final Map<String, Credential> accounts;

    /** @param accounts the site's accounts, as the broker knows them */
    public OverrideRoutes(String siteId, Optional<TierWatch> watch, Map<String, Credential> accounts) {
        this.siteId = siteId;
        this.watch = watch;
        this.accounts = Map.copyOf(accounts);
    }

    public void register(RoutesConfig routes) {
        routes.get("/v1/menus/tier", this::tier);
        routes.post("/v1/menus/override", ctx -> change(ctx, OverrideRequest.class, "override refused", 201,
                (request, account) -> watch.orElseThrow().override(request.hours(), request.reason(), request.manager(),
                        account)));
        routes.delete("/v1/menus/override", ctx -> change(ctx, OverrideEnd.class, "override not ended", 200,
                (request, account) -> watch.orElseThrow().endOverride(request.reason(), request.manager(), account)));
    }

    private void tier(Context ctx) {
        if (watch.isEmpty()) {
            off(ctx);
            return;
        }
        json(ctx, 200, watch.get().view());
    }

    /** Reads a {@code type} request and applies it for the account; 400, 401 or 409 change nothing. */
    private <T> void change(Context ctx, Class<T> type, String refused, int status, BiFunction<T, String, Object> action) {
        Optional<String> account = authenticate(ctx);
        if (account.isEmpty()) {
            return;
        }
        T request;
        try {
            request = Json.read(ctx.bodyAsBytes(), type);
        } catch (ContractException e) {
            error(ctx, 400, "site " + siteId + ": " + refused + ", nothing changed: " + e.getMessage());
            return;
        }
        try {
            json(ctx, status, action.apply(request, account.get()));
        } catch (OverrideRefused e) {
            error(ctx, 409, e.getMessage());
        }
    }

    /** The account of a request with good HTTP Basic credentials; otherwise answers 401 (or 404 with menus off). */
    private Optional<String> authenticate(Context ctx) {
        if (watch.isEmpty()) {
            off(ctx);
            return Optional.empty();
        }
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            unauthorized(ctx, "site " + siteId + ": a menu override needs a site account (HTTP Basic with an account"
                    + " of broker.accounts and its password)");
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            unauthorized(ctx, "site " + siteId + ": the Authorization header is not base64 'account:password'");
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        String name = colon < 0 ? decoded : decoded.substring(0, colon);
        Credential credential = accounts.get(name);
        if (colon < 0 || credential == null
                || !PasswordHash.verify(decoded.substring(colon + 1).toCharArray(), credential.passwordHash())) {
            unauthorized(ctx, "site " + siteId + ": account '" + name + "': unknown account or wrong password");
            return Optional.empty();
        }
        return Optional.of(name);
    }

    private void unauthorized(Context ctx, String message) {
        ctx.header("WWW-Authenticate", "Basic realm=\"outpost site " + siteId + "\", charset=\"UTF-8\"");
        error(ctx, 401, message);
    }

    private void off(Context ctx) {
        error(ctx, 404, "site " + siteId + ": menu sync is off (menu.root-key is not set): no menu tier here");
    }

    private static void error(Context ctx, int status, String message) {
        json(ctx, status, Map.of("error", message));
    }

    private static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }
}
