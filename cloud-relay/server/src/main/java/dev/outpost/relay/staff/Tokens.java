package dev.outpost.relay.staff;

import dev.outpost.api.json.Json;
import dev.outpost.relay.audit.AuditEntry;
import dev.outpost.relay.audit.AuditLog;
import dev.outpost.relay.http.HttpProblem;
import dev.outpost.relay.store.Store;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * API bearer tokens for scripts: issued by an admin for a user, acting with that user's roles as they are at each
 * request, stored as SHA-256 only, shown once, revocable. A token of a disabled user stops working.
 */
public final class Tokens {
    static final String PREFIX = "outpost_";
    private static final String COLUMNS = "id, username, label, created_at, created_by, revoked_at";

    private final Store store;
    private final AuditLog audit;
    private final InstantSource clock;

    Tokens(Store store, AuditLog audit, InstantSource clock) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    /** A token as listed: never its secret. */
    public record TokenView(String id, String username, String label, Instant createdAt, String createdBy, Instant revokedAt) {
    }

    /** A new token: {@code token} is shown this once and never again. */
    public record Issued(String id, String username, String label, String token) {
    }

    public Issued issue(String actor, String reason, String username, String label) {
        if (label == null || label.isBlank() || label.length() > 100) {
            throw HttpProblem.badRequest("token for '" + username + "': label must say what uses it in 1 to 100 characters,"
                    + " was " + (label == null ? "missing" : "'" + label + "'"));
        }
        String id = Secrets.sha256Hex(Secrets.random(16)).substring(0, 12);
        String token = PREFIX + Secrets.random(32);
        return store.inTransaction("issue token for " + username, tx -> {
            Accounts.User user = Accounts.find(tx, username)
                    .orElseThrow(() -> HttpProblem.notFound("user '" + username + "': no such user"));
            if (user.disabled()) {
                throw HttpProblem.conflict("user '" + username + "': is disabled; enable it before issuing a token");
            }
            tx.update("INSERT INTO staff_token (id, token_hash, username, label, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)",
                    id, Secrets.sha256Hex(token), username, label.strip(), clock.millis(), actor);
            TokenView view = tx.queryOne("SELECT " + COLUMNS + " FROM staff_token WHERE id = ?", Tokens::read, id).orElseThrow();
            audit.append(tx, new AuditEntry(actor, "staff.token.issued", "token:" + id, null, Json.toTree(view), reason));
            return new Issued(id, username, label.strip(), token);
        });
    }

    public TokenView revoke(String actor, String reason, String id) {
        return store.inTransaction("revoke token " + id, tx -> {
            TokenView before = tx.queryOne("SELECT " + COLUMNS + " FROM staff_token WHERE id = ?", Tokens::read, id)
                    .orElseThrow(() -> HttpProblem.notFound("token '" + id + "': no such token"));
            if (before.revokedAt() != null) {
                throw HttpProblem.conflict("token '" + id + "': was revoked already at " + before.revokedAt());
            }
            tx.update("UPDATE staff_token SET revoked_at = ? WHERE id = ?", clock.millis(), id);
            TokenView after = tx.queryOne("SELECT " + COLUMNS + " FROM staff_token WHERE id = ?", Tokens::read, id).orElseThrow();
            audit.append(tx, new AuditEntry(actor, "staff.token.revoked", "token:" + id, Json.toTree(before),
                    Json.toTree(after), reason));
            return after;
        });
    }

    public List<TokenView> list() {
        return store.inTransaction("list tokens", tx ->
                tx.query("SELECT " + COLUMNS + " FROM staff_token ORDER BY created_at, id", Tokens::read));
    }

    /** Who a bearer token acts for, or why it does not. */
    Logins.Check check(String token) {
        return store.inTransaction("check token", tx -> {
            Optional<String> username = tx.queryOne("SELECT username FROM staff_token WHERE token_hash = ? AND revoked_at IS NULL",
                    r -> r.getString(1), Secrets.sha256Hex(token));
            if (username.isEmpty()) {
                return new Logins.Check(null, "the bearer token is unknown or revoked");
            }
            Optional<Accounts.User> user = Accounts.find(tx, username.get());
            if (user.isEmpty() || user.get().disabled()) {
                return new Logins.Check(null, "the bearer token's account '" + username.get() + "' is disabled");
            }
            return new Logins.Check(user.get().as(Staff.Credential.TOKEN), null);
        });
    }

    private static TokenView read(ResultSet r) throws SQLException {
        long revoked = r.getLong(6);
        boolean never = r.wasNull();
        return new TokenView(r.getString(1), r.getString(2), r.getString(3), Instant.ofEpochMilli(r.getLong(4)),
                r.getString(5), never ? null : Instant.ofEpochMilli(revoked));
    }
}
