package dev.outpost.relay.staff;

import dev.outpost.relay.audit.AuditEntry;
import dev.outpost.relay.audit.AuditLog;
import dev.outpost.relay.http.HttpProblem;
import dev.outpost.relay.store.Store;
import dev.outpost.relay.store.Tx;
import io.javalin.http.HttpStatus;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Logins and the sessions they open. A session's secret goes to the browser in a cookie and only its SHA-256 is
 * stored; it ends when idle for {@code staff.session.idle}, or {@code staff.session.max} after login, on the
 * injected clock. Failed logins are counted per name typed (known user or not) and audited; enough of them within
 * the window lock that name for a while, and the lock is audited too.
 */
final class Logins {
    /** A session's last use is written back at most this often, so reading pages does not write on every request. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final Store store;
    private final AuditLog audit;
    private final InstantSource clock;
    private final StaffConfig config;
    private final Passwords passwords;

    Logins(Store store, AuditLog audit, InstantSource clock, StaffConfig config, Passwords passwords) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        this.config = config;
        this.passwords = passwords;
    }

    /** A successful login: the session's secret (for the cookie only), its CSRF token, and who logged in. */
    record Opened(String sessionToken, String csrfToken, Staff staff, Instant expiresAt) {
    }

    /** Who a session or token belongs to, or why it is not valid (for the 401 message). */
    record Check(Staff staff, String problem) {
    }

    private enum Outcome { OK, WRONG, LOCKED }

    /** Checks the password and opens a session, or throws 401 (wrong) / 429 (locked), having audited the attempt. */
    Opened login(String typedName, char[] password, String from) {
        String username = Accounts.normalise(typedName);
        Instant now = clock.instant();
        Optional<Instant> lockedUntil = store.inTransaction("check lockout", tx -> lockedUntil(tx, username, now));
        if (lockedUntil.isPresent()) {
            store.inTransaction("audit refused login", tx -> audit.append(tx, new AuditEntry(anonymous(from),
                    "staff.login.refused", Accounts.subject(username), null, null,
                    "login while locked (until " + lockedUntil.get() + ")")));
            throw locked(username, lockedUntil.get());
        }
        Optional<Accounts.User> user = store.inTransaction("find user", tx -> Accounts.find(tx, username));
        boolean matches;
        if (user.isPresent()) {
            matches = passwords.matches(user.get().passwordHash(), password);
        } else {
            passwords.checkDecoy(password);
            matches = false;
        }
        String why = user.isEmpty() ? "no such user" : user.get().disabled() ? "the account is disabled" : "wrong password";
        boolean ok = matches && !user.get().disabled();
        String token = Secrets.random(32);
        Instant expires = now.plus(config.sessionMax());
        Outcome outcome = store.inTransaction("login " + username, tx -> {
            // checked again inside the transaction: another relay may have locked the name meanwhile
            if (lockedUntil(tx, username, now).isPresent()) {
                return Outcome.LOCKED;
            }
            if (!ok) {
                return recordFailure(tx, username, from, why, now);
            }
            tx.update("DELETE FROM staff_login_failure WHERE username = ?", username);
            tx.update("INSERT INTO staff_session (token_hash, username, created_at, last_seen_at, expires_at)"
                            + " VALUES (?, ?, ?, ?, ?)",
                    Secrets.sha256Hex(token), username, now.toEpochMilli(), now.toEpochMilli(), expires.toEpochMilli());
            audit.append(tx, new AuditEntry(Accounts.subject(username), "staff.login", Accounts.subject(username),
                    null, null, "logged in from " + from));
            return Outcome.OK;
        });
        return switch (outcome) {
            case OK -> new Opened(token, Secrets.csrfFor(token), user.orElseThrow().as(Staff.Credential.SESSION), expires);
            case LOCKED -> throw locked(username, store.inTransaction("check lockout", tx -> lockedUntil(tx, username, now))
                    .orElse(now.plus(config.lockoutDuration())));
            case WRONG -> throw new HttpProblem(HttpStatus.UNAUTHORIZED, "login: wrong username or password");
        };
    }

    private Outcome recordFailure(Tx tx, String username, String from, String why, Instant now) throws SQLException {
        tx.update("DELETE FROM staff_login_failure WHERE username = ? AND at <= ?", username,
                now.minus(config.lockoutWindow()).toEpochMilli());
        tx.update("INSERT INTO staff_login_failure (username, at) VALUES (?, ?)", username, now.toEpochMilli());
        long failures = tx.queryLong("SELECT COUNT(*) FROM staff_login_failure WHERE username = ?", username);
        String window = " within " + ConfigText.of(config.lockoutWindow());
        audit.append(tx, new AuditEntry(anonymous(from), "staff.login.failed", Accounts.subject(username), null, null,
                why + " (failure " + failures + " of " + config.lockoutFailures() + window + ")"));
        if (failures >= config.lockoutFailures()) {
            Instant until = now.plus(config.lockoutDuration());
            tx.update("DELETE FROM staff_lockout WHERE username = ?", username);
            tx.update("INSERT INTO staff_lockout (username, locked_until) VALUES (?, ?)", username, until.toEpochMilli());
            tx.update("DELETE FROM staff_login_failure WHERE username = ?", username);
            audit.append(tx, new AuditEntry("relay", "staff.login.locked", Accounts.subject(username), null, null,
                    failures + " failed logins" + window + "; locked until " + until));
        }
        return Outcome.WRONG;
    }

    private static Optional<Instant> lockedUntil(Tx tx, String username, Instant now) throws SQLException {
        return tx.queryOne("SELECT locked_until FROM staff_lockout WHERE username = ? AND locked_until > ?",
                r -> Instant.ofEpochMilli(r.getLong(1)), username, now.toEpochMilli());
    }

    private static HttpProblem locked(String username, Instant until) {
        return new HttpProblem(HttpStatus.TOO_MANY_REQUESTS, "login: '" + username + "' is locked after too many failed"
                + " logins until " + until + "; wait, or ask an admin to reset the password");
    }

    private static String anonymous(String from) {
        return "anonymous@" + from;
    }

    /** Looks up a session by its secret; ends it (deleting the row) when it has expired. */
    Check session(String token) {
        String hash = Secrets.sha256Hex(token);
        long now = clock.millis();
        return store.inTransaction("check session", tx -> {
            record Row(String username, long lastSeen, long expires) {
            }
            Optional<Row> row = tx.queryOne("SELECT username, last_seen_at, expires_at FROM staff_session WHERE token_hash = ?",
                    r -> new Row(r.getString(1), r.getLong(2), r.getLong(3)), hash);
            if (row.isEmpty()) {
                return new Check(null, "the session is unknown or was ended (logout, password reset or account disabled)");
            }
            String expired = null;
            if (now >= row.get().expires()) {
                expired = "the session expired: a session lasts at most " + ConfigText.of(config.sessionMax()) + " after login";
            } else if (now >= row.get().lastSeen() + config.sessionIdle().toMillis()) {
                expired = "the session expired after " + ConfigText.of(config.sessionIdle()) + " without use";
            }
            if (expired != null) {
                tx.update("DELETE FROM staff_session WHERE token_hash = ?", hash);
                return new Check(null, expired);
            }
            Optional<Accounts.User> user = Accounts.find(tx, row.get().username());
            if (user.isEmpty() || user.get().disabled()) {
                return new Check(null, "the account '" + row.get().username() + "' is disabled");
            }
            if (now - row.get().lastSeen() >= TOUCH_EVERY.toMillis()) {
                tx.update("UPDATE staff_session SET last_seen_at = ? WHERE token_hash = ?", now, hash);
            }
            return new Check(user.get().as(Staff.Credential.SESSION), null);
        });
    }

    /** When a session ends at the latest. */
    Instant sessionExpiry(String token) {
        return store.inTransaction("session expiry", tx -> tx.queryOne(
                "SELECT expires_at FROM staff_session WHERE token_hash = ?", r -> Instant.ofEpochMilli(r.getLong(1)),
                Secrets.sha256Hex(token)).orElse(clock.instant()));
    }

    /** Ends a session; audited. */
    void logout(String token, Staff staff, String from) {
        store.inTransaction("logout " + staff.username(), tx -> {
            tx.update("DELETE FROM staff_session WHERE token_hash = ?", Secrets.sha256Hex(token));
            return audit.append(tx, new AuditEntry(staff.actor(), "staff.logout", staff.actor(), null, null,
                    "logged out from " + from));
        });
    }
}
