package dev.outpost.relay.staff;

import dev.outpost.relay.http.Body;
import dev.outpost.relay.http.Responses;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Login, logout and "who am I" for the console; the users and tokens API for admins. Every change an admin makes
 * needs a reason ({@link Reasons}) and is audited with it.
 */
final class StaffRoutes {
    private final Access access;
    private final Accounts accounts;
    private final Logins logins;
    private final Tokens tokens;
    private final StaffConfig config;

    StaffRoutes(Access access, Accounts accounts, Logins logins, Tokens tokens, StaffConfig config) {
        this.access = access;
        this.accounts = accounts;
        this.logins = logins;
        this.tokens = tokens;
        this.config = config;
    }

    /** Who is logged in, their roles, and (for a session) the CSRF token mutating requests must send. */
    record Me(String username, List<String> roles, List<String> jurisdictions, String credential, String csrfToken,
              Instant sessionExpiresAt) {
    }

    void register(RoutesConfig routes) {
        routes.before(access::checkCsrf);
        routes.post("/v1/auth/login", this::login);
        routes.post("/v1/auth/logout", this::logout);
        routes.get("/v1/auth/me", this::me);
        routes.get("/v1/users", ctx -> {
            access.require(ctx, Role.ADMIN);
            Responses.json(ctx, accounts.list());
        });
        routes.post("/v1/users", this::createUser);
        routes.put("/v1/users/{username}/roles", this::setRoles);
        routes.post("/v1/users/{username}/password", this::resetPassword);
        routes.post("/v1/users/{username}/disable", ctx -> setDisabled(ctx, true));
        routes.post("/v1/users/{username}/enable", ctx -> setDisabled(ctx, false));
        routes.post("/v1/users/{username}/tokens", this::issueToken);
        routes.get("/v1/tokens", ctx -> {
            access.require(ctx, Role.ADMIN);
            Responses.json(ctx, tokens.list());
        });
        routes.post("/v1/tokens/{id}/revoke", this::revokeToken);
    }

    private void login(Context ctx) {
        Body body = Body.of(ctx, "login");
        String username = body.string("username");
        char[] password = body.string("password").toCharArray();
        body.finish();
        Logins.Opened opened = logins.login(username, password, ctx.ip());
        ctx.header("Set-Cookie", cookie(ctx, opened.sessionToken(), config.sessionMax().toSeconds()));
        Staff staff = opened.staff();
        Responses.json(ctx, new Me(staff.username(), staff.roleNames(), List.copyOf(staff.jurisdictions()), "session",
                opened.csrfToken(), opened.expiresAt()));
    }

    private void logout(Context ctx) {
        String session = ctx.cookie(Access.SESSION_COOKIE);
        Staff staff = access.authenticate(ctx);
        if (staff.credential() == Staff.Credential.SESSION) {
            logins.logout(session, staff, ctx.ip());
        }
        ctx.header("Set-Cookie", cookie(ctx, "", 0));
        ctx.status(HttpStatus.NO_CONTENT);
    }

    private static String cookie(Context ctx, String value, long maxAgeSeconds) {
        return Access.SESSION_COOKIE + "=" + value + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + maxAgeSeconds
                + (ctx.req().isSecure() ? "; Secure" : "");
    }

    private void me(Context ctx) {
        Staff staff = access.authenticate(ctx);
        boolean session = staff.credential() == Staff.Credential.SESSION;
        String cookie = ctx.cookie(Access.SESSION_COOKIE);
        Responses.json(ctx, new Me(staff.username(), staff.roleNames(), List.copyOf(staff.jurisdictions()),
                session ? "session" : "token", session ? Secrets.csrfFor(cookie) : null,
                session ? logins.sessionExpiry(cookie) : null));
    }

    private void createUser(Context ctx) {
        Staff admin = access.require(ctx, Role.ADMIN);
        Body body = Body.of(ctx, "create_user");
        String username = body.string("username");
        char[] password = body.string("password").toCharArray();
        Set<Role> roles = Accounts.roles(body.strings("roles"));
        Set<String> jurisdictions = new TreeSet<>(body.optionalStrings("jurisdictions").orElse(List.of()));
        body.finish();
        String reason = Reasons.require(ctx);
        UserView created = accounts.create(admin.actor(), reason, username, password, roles, jurisdictions);
        ctx.status(HttpStatus.CREATED);
        Responses.json(ctx, created);
    }

    private void setRoles(Context ctx) {
        Staff admin = access.require(ctx, Role.ADMIN);
        Body body = Body.of(ctx, "set_roles");
        Set<Role> roles = Accounts.roles(body.strings("roles"));
        Set<String> jurisdictions = new TreeSet<>(body.optionalStrings("jurisdictions").orElse(List.of()));
        body.finish();
        String reason = Reasons.require(ctx);
        Responses.json(ctx, accounts.setRoles(admin.actor(), reason, ctx.pathParam("username"), roles, jurisdictions));
    }

    private void resetPassword(Context ctx) {
        Staff admin = access.require(ctx, Role.ADMIN);
        Body body = Body.of(ctx, "reset_password");
        char[] password = body.string("password").toCharArray();
        body.finish();
        String reason = Reasons.require(ctx);
        Responses.json(ctx, accounts.resetPassword(admin.actor(), reason, ctx.pathParam("username"), password));
    }

    private void setDisabled(Context ctx, boolean disabled) {
        Staff admin = access.require(ctx, Role.ADMIN);
        Body.of(ctx, disabled ? "disable_user" : "enable_user").finish();
        String reason = Reasons.require(ctx);
        Responses.json(ctx, accounts.setDisabled(admin.actor(), reason, ctx.pathParam("username"), disabled));
    }

    private void issueToken(Context ctx) {
        Staff admin = access.require(ctx, Role.ADMIN);
        Body body = Body.of(ctx, "issue_token");
        String label = body.string("label");
        body.finish();
        String reason = Reasons.require(ctx);
        Tokens.Issued issued = tokens.issue(admin.actor(), reason, ctx.pathParam("username"), label);
        ctx.status(HttpStatus.CREATED);
        Responses.json(ctx, issued);
    }

    private void revokeToken(Context ctx) {
        Staff admin = access.require(ctx, Role.ADMIN);
        Body.of(ctx, "revoke_token").finish();
        String reason = Reasons.require(ctx);
        Responses.json(ctx, tokens.revoke(admin.actor(), reason, ctx.pathParam("id")));
    }
}
