package dev.outpost.relay.staff;

import dev.outpost.api.json.Json;
import dev.outpost.relay.audit.AuditEntry;
import dev.outpost.relay.audit.AuditLog;
import dev.outpost.relay.http.HttpProblem;
import dev.outpost.relay.store.Store;
import dev.outpost.relay.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Staff accounts: create, change roles, reset a password, disable, list. Every change is audited in the same
 * transaction as the change, with the actor and reason the caller gives (a user of the API, or {@code cli:<os user>}).
 * Refusals are {@link HttpProblem}s whose message names the user and what is wrong.
 */
public final class Accounts {
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    private static final Pattern JURISDICTION = Pattern.compile("[A-Z]{2}");
    private static final String COLUMNS = "username, password_hash, roles, jurisdictions, disabled, created_at, password_changed_at";

    private final Store store;
    private final AuditLog audit;
    private final InstantSource clock;
    private final Passwords passwords;

    public Accounts(Store store, AuditLog audit, InstantSource clock, Passwords passwords) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        this.passwords = passwords;
    }

    /** Creates the first admin; refuses (409) when an enabled admin exists already. */
    public UserView createFirstAdmin(String actor, String reason, String username, char[] password) {
        return create(actor, reason, username, password, EnumSet.of(Role.ADMIN), Set.of(), true);
    }

    public UserView create(String actor, String reason, String username, char[] password, Set<Role> roles,
                           Set<String> jurisdictions) {
        return create(actor, reason, username, password, roles, jurisdictions, false);
    }

    private UserView create(String actor, String reason, String username, char[] password, Set<Role> roles,
                            Set<String> jurisdictions, boolean onlyIfNoAdmin) {
        checkUsername(username);
        checkRoles(username, roles, jurisdictions);
        checkPassword(username, password);
        String hash = passwords.hash(password);
        return store.inTransaction("create user " + username, tx -> {
            if (onlyIfNoAdmin && !adminNames(tx).isEmpty()) {
                throw HttpProblem.conflict("create admin: an admin exists already (" + String.join(", ", adminNames(tx))
                        + "); ask them to create users, or reset their password with ./outpost admin reset-password");
            }
            if (find(tx, username).isPresent()) {
                throw HttpProblem.conflict("user '" + username + "': exists already");
            }
            long now = clock.millis();
            tx.update("INSERT INTO staff_user (username, password_hash, roles, jurisdictions, disabled, created_at,"
                            + " password_changed_at) VALUES (?, ?, ?, ?, 0, ?, ?)",
                    username, hash, join(roles), String.join(",", new TreeSet<>(jurisdictions)), now, now);
            UserView created = require(tx, username).view();
            audit.append(tx, new AuditEntry(actor, "staff.user.created", subject(username), null, Json.toTree(created), reason));
            return created;
        });
    }

    public UserView setRoles(String actor, String reason, String username, Set<Role> roles, Set<String> jurisdictions) {
        checkRoles(username, roles, jurisdictions);
        return store.inTransaction("set roles of " + username, tx -> {
            User user = require(tx, username);
            if (user.roles().contains(Role.ADMIN) && !roles.contains(Role.ADMIN) && !user.disabled()) {
                refuseLastAdmin(tx, username, "lose its admin role");
            }
            tx.update("UPDATE staff_user SET roles = ?, jurisdictions = ? WHERE username = ?",
                    join(roles), String.join(",", new TreeSet<>(jurisdictions)), username);
            UserView after = require(tx, username).view();
            audit.append(tx, new AuditEntry(actor, "staff.user.roles-changed", subject(username), Json.toTree(user.view()),
                    Json.toTree(after), reason));
            return after;
        });
    }

    /** Sets a new password, ends the user's sessions and lifts a lockout. */
    public UserView resetPassword(String actor, String reason, String username, char[] password) {
        checkPassword(username, password);
        String hash = passwords.hash(password);
        return store.inTransaction("reset password of " + username, tx -> {
            User user = require(tx, username);
            tx.update("UPDATE staff_user SET password_hash = ?, password_changed_at = ? WHERE username = ?",
                    hash, clock.millis(), username);
            tx.update("DELETE FROM staff_session WHERE username = ?", username);
            tx.update("DELETE FROM staff_lockout WHERE username = ?", username);
            tx.update("DELETE FROM staff_login_failure WHERE username = ?", username);
            UserView after = require(tx, username).view();
            audit.append(tx, new AuditEntry(actor, "staff.user.password-reset", subject(username), Json.toTree(user.view()),
                    Json.toTree(after), reason));
            return after;
        });
    }

    /** Disables (ending every session; its tokens stop working) or re-enables an account. */
    public UserView setDisabled(String actor, String reason, String username, boolean disabled) {
        return store.inTransaction((disabled ? "disable " : "enable ") + username, tx -> {
            User user = require(tx, username);
            if (disabled && user.roles().contains(Role.ADMIN) && !user.disabled()) {
                refuseLastAdmin(tx, username, "be disabled");
            }
            tx.update("UPDATE staff_user SET disabled = ? WHERE username = ?", disabled ? 1 : 0, username);
            if (disabled) {
                tx.update("DELETE FROM staff_session WHERE username = ?", username);
            }
            UserView after = require(tx, username).view();
            audit.append(tx, new AuditEntry(actor, disabled ? "staff.user.disabled" : "staff.user.enabled", subject(username),
                    Json.toTree(user.view()), Json.toTree(after), reason));
            return after;
        });
    }

    public List<UserView> list() {
        return store.inTransaction("list users", tx ->
                tx.query("SELECT " + COLUMNS + " FROM staff_user ORDER BY username", Accounts::read)
                        .stream().map(User::view).toList());
    }

    public Optional<UserView> find(String username) {
        return store.inTransaction("find user " + username, tx -> find(tx, username).map(User::view));
    }

    // --- validation

    public static void checkUsername(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw HttpProblem.badRequest("username must be 1 to 63 lower-case letters, digits, dots, dashes or"
                    + " underscores, starting with a letter or digit, was " + (username == null ? "missing" : "'" + username + "'"));
        }
    }

    static void checkPassword(String username, char[] password) {
        String problem = Passwords.problem(password);
        if (problem != null) {
            throw HttpProblem.badRequest("user '" + username + "': password " + problem);
        }
    }

    static void checkRoles(String username, Set<Role> roles, Set<String> jurisdictions) {
        if (roles.isEmpty()) {
            throw HttpProblem.badRequest("user '" + username + "': roles must name at least one of " + Role.choices());
        }
        for (String j : jurisdictions) {
            if (!JURISDICTION.matcher(j).matches()) {
                throw HttpProblem.badRequest("user '" + username + "': jurisdiction must be an ISO 3166 country code"
                        + " of two capital letters such as FR or JP, was '" + j + "'");
            }
        }
        if (roles.contains(Role.APPROVER) && jurisdictions.isEmpty()) {
            throw HttpProblem.badRequest("user '" + username + "': an approver needs at least one jurisdiction"
                    + " (the countries they sign off for, e.g. [\"FR\"])");
        }
        if (!roles.contains(Role.APPROVER) && !jurisdictions.isEmpty()) {
            throw HttpProblem.badRequest("user '" + username + "': jurisdictions " + new TreeSet<>(jurisdictions)
                    + " are only for approvers; add the approver role or drop them");
        }
    }

    /** Role names as given ({@code ["admin", "safety-officer"]}) to roles; an unknown name is a 400 naming it. */
    public static Set<Role> roles(Collection<String> names) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : names) {
            try {
                roles.add(Role.parse(name));
            } catch (IllegalArgumentException e) {
                throw HttpProblem.badRequest("roles: " + e.getMessage());
            }
        }
        return roles;
    }

    // --- rows

    record User(String username, String passwordHash, SortedSet<Role> roles, SortedSet<String> jurisdictions,
                boolean disabled, Instant createdAt, Instant passwordChangedAt) {
        UserView view() {
            return new UserView(username, roles.stream().map(Role::wire).toList(), List.copyOf(jurisdictions), disabled,
                    createdAt, passwordChangedAt);
        }

        Staff as(Staff.Credential credential) {
            return new Staff(username, roles, jurisdictions, credential);
        }
    }

    private static User read(ResultSet row) throws SQLException {
        return new User(row.getString(1), row.getString(2), split(row.getString(3)).stream().map(Role::parse)
                .collect(Collectors.toCollection(TreeSet::new)), new TreeSet<>(split(row.getString(4))),
                row.getInt(5) != 0, Instant.ofEpochMilli(row.getLong(6)), Instant.ofEpochMilli(row.getLong(7)));
    }

    static Optional<User> find(Tx tx, String username) throws SQLException {
        return tx.queryOne("SELECT " + COLUMNS + " FROM staff_user WHERE username = ?", Accounts::read, username);
    }

    private static User require(Tx tx, String username) throws SQLException {
        return find(tx, username).orElseThrow(() -> HttpProblem.notFound("user '" + username + "': no such user"));
    }

    private static List<String> adminNames(Tx tx) throws SQLException {
        return tx.query("SELECT " + COLUMNS + " FROM staff_user WHERE disabled = 0 ORDER BY username", Accounts::read)
                .stream().filter(u -> u.roles().contains(Role.ADMIN)).map(User::username).toList();
    }

    private static void refuseLastAdmin(Tx tx, String username, String change) throws SQLException {
        if (adminNames(tx).stream().allMatch(username::equals)) {
            throw HttpProblem.conflict("user '" + username + "': is the last enabled admin and cannot " + change
                    + "; make another user admin first");
        }
    }

    static String subject(String username) {
        return "user:" + username;
    }

    private static String join(Set<Role> roles) {
        return new TreeSet<>(roles).stream().map(Role::wire).collect(Collectors.joining(","));
    }

    private static List<String> split(String text) {
        return text == null || text.isEmpty() ? List.of() : Arrays.asList(text.split(","));
    }

    /** The name as typed at login, normalised the way usernames are stored. */
    static String normalise(String username) {
        return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    }
}
