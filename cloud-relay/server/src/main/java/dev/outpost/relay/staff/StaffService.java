package dev.outpost.relay.staff;

import dev.outpost.relay.audit.AuditLog;
import dev.outpost.relay.store.Store;
import io.javalin.config.RoutesConfig;
import java.time.InstantSource;

/** Staff identity wired together: accounts, logins and sessions, bearer tokens, and the {@link Access} door. */
public final class StaffService {
    private final Accounts accounts;
    private final Tokens tokens;
    private final Access access;
    private final StaffRoutes routes;

    private StaffService(Accounts accounts, Logins logins, Tokens tokens, StaffConfig config) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.access = new Access(logins, tokens);
        this.routes = new StaffRoutes(access, accounts, logins, tokens, config);
    }

    public static StaffService create(Store store, AuditLog audit, InstantSource clock, StaffConfig config) {
        Passwords passwords = new Passwords(config.passwordCost());
        return new StaffService(new Accounts(store, audit, clock, passwords),
                new Logins(store, audit, clock, config, passwords), new Tokens(store, audit, clock), config);
    }

    /** The door every staff route goes through. */
    public Access access() {
        return access;
    }

    public Accounts accounts() {
        return accounts;
    }

    public Tokens tokens() {
        return tokens;
    }

    /** The CSRF check (before every route) and the auth, users and tokens routes. */
    public void register(RoutesConfig routes) {
        this.routes.register(routes);
    }
}
