package dev.outpost.relay.posstaff;

import dev.outpost.api.json.Json;
import dev.outpost.api.posstaff.SiteStaff;
import dev.outpost.relay.audit.AuditEntry;
import dev.outpost.relay.audit.AuditLog;
import dev.outpost.relay.http.HttpProblem;
import dev.outpost.relay.store.Store;
import dev.outpost.relay.store.Tx;
import dev.outpost.relay.stores.StoreDirectory;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The POS employees HQ keeps for its stores (issue 6): who they are, their role, the stores they work at (a list, or
 * all), whether they are active, and the hash of their PIN. Staff change them (every change audited with its reason,
 * never with the hash); each store's appliance fetches its active employees with {@link #forSite}.
 */
public final class PosStaff {
    private static final Pattern EMPLOYEE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final int MAX_NAME = 200;
    private static final String COLUMNS = "employee_id, name, role, all_stores, active, updated_by, updated_at";
    /** Employees who may log in at a site (the site id is the one parameter), active or not. */
    private static final String AT_SITE = "(e.all_stores = 1 OR EXISTS (SELECT 1 FROM pos_employee_site s"
            + " WHERE s.employee_id = e.employee_id AND s.site_id = ?))";

    private final Store store;
    private final AuditLog audit;
    private final InstantSource clock;

    public PosStaff(Store store, AuditLog audit, InstantSource clock) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    /** What a {@link #put} says about someone; {@code pinHash} null keeps the PIN an existing employee has. */
    public record Change(String name, String role, boolean allStores, List<String> sites, String pinHash) {
        public Change {
            sites = List.copyOf(sites);
        }
    }

    /** Adds an employee or changes one's name, role or stores (and PIN when given); active stays as it was. */
    public PosEmployee put(String actor, String employeeId, Change change, String reason) {
        String subject = subject(employeeId);
        if (change.name() == null || change.name().isBlank() || change.name().length() > MAX_NAME) {
            throw HttpProblem.badRequest(subject + ": name: must be 1 to " + MAX_NAME + " characters"
                    + (change.name() == null ? "" : ", was " + change.name().length()));
        }
        if (!SiteStaff.ROLES.contains(change.role())) {
            throw HttpProblem.badRequest(subject + ": role: must be one of " + String.join(", ", SiteStaff.ROLES)
                    + ", was '" + change.role() + "'");
        }
        if (change.allStores() == !change.sites().isEmpty()) {
            throw HttpProblem.badRequest(subject + ": give either sites (the stores they work at) or all_stores: true,"
                    + (change.allStores() ? " not both" : " not neither"));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < change.sites().size(); i++) {
            if (!seen.add(change.sites().get(i))) {
                throw HttpProblem.badRequest(subject + ": sites[" + i + "]: " + change.sites().get(i) + " is listed twice");
            }
        }
        return store.inTransaction("pos_employee", tx -> {
            for (int i = 0; i < change.sites().size(); i++) {
                String site = change.sites().get(i);
                if (StoreDirectory.find(tx, site).isEmpty()) {
                    throw HttpProblem.badRequest(subject + ": sites[" + i + "]: store " + site + " is not in the store"
                            + " directory (PUT /v1/stores/" + site + " first)");
                }
            }
            Optional<PosEmployee> before = find(tx, employeeId);
            String now = clock.instant().toString();
            int all = change.allStores() ? 1 : 0;
            if (before.isPresent()) {
                tx.update("UPDATE pos_employee SET name = ?, role = ?, all_stores = ?, updated_by = ?, updated_at = ?"
                        + " WHERE employee_id = ?", change.name(), change.role(), all, actor, now, employeeId);
                if (change.pinHash() != null) {
                    tx.update("UPDATE pos_employee SET pin_hash = ? WHERE employee_id = ?", change.pinHash(), employeeId);
                }
                tx.update("DELETE FROM pos_employee_site WHERE employee_id = ?", employeeId);
            } else {
                if (change.pinHash() == null) {
                    throw HttpProblem.badRequest(subject + ": a new employee needs a pin (or a ready pin_hash)");
                }
                tx.update("INSERT INTO pos_employee (employee_id, name, role, pin_hash, all_stores, active, updated_by,"
                        + " updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)", employeeId, change.name(), change.role(),
                        change.pinHash(), all, actor, now);
            }
            for (String site : change.sites()) {
                tx.update("INSERT INTO pos_employee_site (employee_id, site_id) VALUES (?, ?)", employeeId, site);
            }
            PosEmployee after = find(tx, employeeId).orElseThrow();
            audit.append(tx, new AuditEntry(actor, before.isPresent() ? "pos-staff.changed" : "pos-staff.added",
                    subject, before.map(Json::toTree).orElse(null), Json.toTree(after), reason));
            if (before.isPresent() && change.pinHash() != null) {
                audit.append(tx, new AuditEntry(actor, "pos-staff.pin-set", subject, null, null, reason));
            }
            return after;
        });
    }

    /** Sets a new PIN (its hash): the old one stops working at the stores at their next sync. */
    public PosEmployee setPin(String actor, String employeeId, String pinHash, String reason) {
        return store.inTransaction("pos_employee", tx -> {
            PosEmployee before = existing(tx, employeeId);
            tx.update("UPDATE pos_employee SET pin_hash = ?, updated_by = ?, updated_at = ? WHERE employee_id = ?",
                    pinHash, actor, clock.instant().toString(), employeeId);
            PosEmployee after = find(tx, employeeId).orElseThrow();
            audit.append(tx, new AuditEntry(actor, "pos-staff.pin-set", subject(employeeId), Json.toTree(before),
                    Json.toTree(after), reason));
            return after;
        });
    }

    /**
     * Activates or deactivates someone: a deactivated employee is left out of every store's list, so the stores end
     * their sessions and refuse their logins at their next sync.
     */
    public PosEmployee setActive(String actor, String employeeId, boolean active, String reason) {
        return store.inTransaction("pos_employee", tx -> {
            PosEmployee before = existing(tx, employeeId);
            tx.update("UPDATE pos_employee SET active = ?, updated_by = ?, updated_at = ? WHERE employee_id = ?",
                    active ? 1 : 0, actor, clock.instant().toString(), employeeId);
            PosEmployee after = find(tx, employeeId).orElseThrow();
            audit.append(tx, new AuditEntry(actor, active ? "pos-staff.activated" : "pos-staff.deactivated",
                    subject(employeeId), Json.toTree(before), Json.toTree(after), reason));
            return after;
        });
    }

    public List<PosEmployee> list() {
        return store.inTransaction("pos_employee", tx -> {
            Map<String, List<String>> sites = new HashMap<>();
            for (String[] pair : tx.query("SELECT employee_id, site_id FROM pos_employee_site ORDER BY site_id",
                    r -> new String[] {r.getString(1), r.getString(2)})) {
                sites.computeIfAbsent(pair[0], k -> new ArrayList<>()).add(pair[1]);
            }
            return tx.query("SELECT " + COLUMNS + " FROM pos_employee ORDER BY employee_id",
                    r -> row(r, sites.getOrDefault(r.getString(1), List.of())));
        });
    }

    public PosEmployee get(String employeeId) {
        return store.inTransaction("pos_employee", tx -> existing(tx, employeeId));
    }

    /** What the site's appliance gets: its active employees with their PIN hashes. */
    public SiteStaff forSite(String siteId) {
        return store.inTransaction("pos_employee", tx -> {
            boolean managed = tx.queryLong("SELECT COUNT(*) FROM pos_employee e WHERE " + AT_SITE, siteId) > 0;
            List<SiteStaff.Employee> employees = tx.query("SELECT e.employee_id, e.name, e.role, e.pin_hash"
                    + " FROM pos_employee e WHERE e.active = 1 AND " + AT_SITE + " ORDER BY e.employee_id",
                    r -> new SiteStaff.Employee(r.getString(1), r.getString(2), r.getString(3), r.getString(4)), siteId);
            return new SiteStaff(siteId, managed, employees);
        });
    }

    /** The id as the path gave it, checked: 400 naming it when it is not an employee id. */
    static String subject(String employeeId) {
        if (employeeId == null || !EMPLOYEE_ID.matcher(employeeId).matches()) {
            throw HttpProblem.badRequest("pos employee: employee_id: must be 1 to 64 letters, digits, '.', '_' or '-'"
                    + " starting with a letter or digit, was '" + employeeId + "'");
        }
        return "pos-employee:" + employeeId;
    }

    private static PosEmployee existing(Tx tx, String employeeId) throws SQLException {
        String subject = subject(employeeId);
        return find(tx, employeeId).orElseThrow(() -> HttpProblem.notFound(subject + ": no such employee at HQ"
                + " (PUT /v1/pos-staff/" + employeeId + " adds them)"));
    }

    private static Optional<PosEmployee> find(Tx tx, String employeeId) throws SQLException {
        List<String> sites = tx.query("SELECT site_id FROM pos_employee_site WHERE employee_id = ? ORDER BY site_id",
                r -> r.getString(1), employeeId);
        return tx.queryOne("SELECT " + COLUMNS + " FROM pos_employee WHERE employee_id = ?", r -> row(r, sites),
                employeeId);
    }

    private static PosEmployee row(ResultSet r, List<String> sites) throws SQLException {
        return new PosEmployee(r.getString(1), r.getString(2), r.getString(3), r.getInt(4) == 1, sites,
                r.getInt(5) == 1, r.getString(6), r.getString(7));
    }
}
