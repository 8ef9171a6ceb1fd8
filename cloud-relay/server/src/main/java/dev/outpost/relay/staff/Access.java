package dev.outpost.relay.staff;

import dev.outpost.relay.http.HttpProblem;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one door staff routes go through: {@code Staff staff = access.require(ctx, Role.ADMIN);} returns who is asking,
 * or refuses with 401 (not logged in, and why) or 403 (naming the missing role). A request proves who it is with the
 * console's session cookie or an {@code Authorization: Bearer} token. Mutating requests with a session cookie must
 * also carry the session's CSRF token in {@value #CSRF_HEADER}; that is checked before every route runs (see
 * {@link #checkCsrf}), so no route can forget it.
 */
public final class Access {
    public static final String SESSION_COOKIE = "outpost_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String ATTRIBUTE = "outpost.staff";
    private static final Set<HandlerType> MUTATING = Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH,
            HandlerType.DELETE);

    private final Logins logins;
    private final Tokens tokens;

    Access(Logins logins, Tokens tokens) {
        this.logins = logins;
        this.tokens = tokens;
    }

    /**
     * The staff member behind {@code ctx}, who must hold {@code role} or one of {@code orAnyOf}. {@link Role#VIEWER}
     * is held by every staff member.
     *
     * @throws HttpProblem 401 when not logged in, 403 naming the role when it is missing
     */
    public Staff require(Context ctx, Role role, Role... orAnyOf) {
        Staff staff = authenticate(ctx);
        if (staff.has(role) || Arrays.stream(orAnyOf).anyMatch(staff::has)) {
            return staff;
        }
        String needed = orAnyOf.length == 0 ? "the " + role.wire() + " role"
                : "one of the roles " + role.wire() + ", " + Arrays.stream(orAnyOf).map(Role::wire).collect(Collectors.joining(", "));
        throw new HttpProblem(HttpStatus.FORBIDDEN, "forbidden: " + what(ctx) + " needs " + needed + "; user '"
                + staff.username() + "' has " + String.join(", ", staff.roleNames()));
    }

    /** An approver for {@code jurisdiction} (an ISO country code such as FR); 403 naming the jurisdiction otherwise. */
    public Staff requireApprover(Context ctx, String jurisdiction) {
        Staff staff = require(ctx, Role.APPROVER);
        if (!staff.approvesFor(jurisdiction)) {
            throw new HttpProblem(HttpStatus.FORBIDDEN, "forbidden: " + what(ctx) + " needs an approver for " + jurisdiction
                    + "; user '" + staff.username() + "' approves for " + String.join(", ", staff.jurisdictions()));
        }
        return staff;
    }

    /** Who is asking, whatever their roles; 401 when nobody is logged in. */
    public Staff authenticate(Context ctx) {
        Staff cached = ctx.attribute(ATTRIBUTE);
        if (cached != null) {
            return cached;
        }
        String authorization = ctx.header("Authorization");
        Logins.Check check;
        if (authorization != null) {
            if (!authorization.startsWith("Bearer ") || authorization.substring(7).isBlank()) {
                throw unauthorized(ctx, "the Authorization header must be 'Bearer <token>'");
            }
            check = tokens.check(authorization.substring(7).strip());
        } else {
            String cookie = ctx.cookie(SESSION_COOKIE);
            if (cookie == null || cookie.isEmpty()) {
                throw unauthorized(ctx, null);
            }
            check = logins.session(cookie);
        }
        if (check.staff() == null) {
            throw unauthorized(ctx, check.problem());
        }
        ctx.attribute(ATTRIBUTE, check.staff());
        return check.staff();
    }

    /**
     * Refuses (403) a mutating request that rides on a session cookie without the session's CSRF token. Requests
     * with a bearer token or without a cookie, and the login itself, pass.
     */
    void checkCsrf(Context ctx) {
        if (!MUTATING.contains(ctx.method()) || ctx.header("Authorization") != null || ctx.path().equals("/v1/auth/login")) {
            return;
        }
        String session = ctx.cookie(SESSION_COOKIE);
        if (session == null || session.isEmpty()) {
            return;
        }
        String given = ctx.header(CSRF_HEADER);
        if (given == null || given.isBlank()) {
            throw new HttpProblem(HttpStatus.FORBIDDEN, "csrf: " + what(ctx) + " with a session cookie needs the "
                    + CSRF_HEADER + " header (the csrf_token from /v1/auth/login or /v1/auth/me)");
        }
        if (!Secrets.same(given, Secrets.csrfFor(session))) {
            throw new HttpProblem(HttpStatus.FORBIDDEN, "csrf: the " + CSRF_HEADER + " header of " + what(ctx)
                    + " does not match this session's token; reload the console and try again");
        }
    }

    private static HttpProblem unauthorized(Context ctx, String problem) {
        return new HttpProblem(HttpStatus.UNAUTHORIZED, "not logged in: " + what(ctx) + " needs a staff login"
                + " (POST /v1/auth/login) or an Authorization: Bearer token" + (problem == null ? "" : "; " + problem));
    }

    private static String what(Context ctx) {
        return ctx.method().name() + " " + ctx.path();
    }
}
