package dev.outpost.appliance.pos.staff;

import dev.outpost.api.password.PasswordHash;
import dev.outpost.appliance.pos.PosDb;
import dev.outpost.appliance.pos.PosException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.tinylog.Logger;

/**
 * Cashier login: employee id and PIN against the staff file, one active session per employee per terminal (logging in
 * again there replaces it: a shift change is a log out and a log in, no restart). Every login, logout and failure is
 * audited in {@code pos.db}; the third failed attempt in a row for an employee on a terminal raises {@code
 * pos.login.alarm} (and every third after that), in the transaction of its audit row.
 */
public final class Staff {
    public static final int ALARM_AFTER = 3;
    private static final Pattern TERMINAL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The payload of {@code pos.login.alarm}. */
    public record LoginAlarm(String terminalId, String employeeId, int failedAttempts, Instant at) {
    }

    private final PosDb db;
    private final StaffFile file;
    private final InstantSource clock;
    private final Map<String, Integer> failures = new HashMap<>();

    public Staff(PosDb db, StaffFile file, InstantSource clock) {
        this.db = db;
        this.file = file;
        this.clock = clock;
    }

    public Session login(String terminalId, String employeeId, String pin) {
        terminal(terminalId);
        if (employeeId == null || employeeId.isBlank()) {
            throw PosException.badInput("login: employee_id: must not be blank");
        }
        if (pin == null || pin.isEmpty()) {
            throw PosException.badInput("login: pin: must not be empty");
        }
        Optional<StaffFile.Employee> employee = Optional.ofNullable(file.find(employeeId));
        boolean ok = employee.isPresent() && PasswordHash.verify(pin.toCharArray(), employee.get().pinHash());
        if (!ok) {
            failed(terminalId, employeeId, "login");
            throw PosException.unauthorized("login of " + employeeId + " on " + terminalId
                    + ": unknown employee or wrong PIN");
        }
        Instant now = clock.instant();
        Session session = new Session(token(), terminalId, employeeId, employee.get().role(), now);
        db.inTransaction("log " + employeeId + " in on " + terminalId, () -> {
            db.update("DELETE FROM pos_session WHERE terminal_id = ? AND employee_id = ?", terminalId, employeeId);
            db.update("INSERT INTO pos_session (token, terminal_id, employee_id, role, started_ms) VALUES (?, ?, ?, ?, ?)",
                    session.token(), terminalId, employeeId, session.role().name(), now.toEpochMilli());
            db.audit(terminalId, employeeId, "login", "role " + session.role());
            return null;
        });
        synchronized (failures) {
            failures.remove(terminalId + "|" + employeeId);
        }
        return session;
    }

    public void logout(Session session) {
        db.inTransaction("log " + session.employeeId() + " out", () -> {
            db.update("DELETE FROM pos_session WHERE token = ?", session.token());
            db.audit(session.terminalId(), session.employeeId(), "logout", "shift ended");
            return null;
        });
    }

    /**
     * The staff file was replaced (by {@link StaffSync}): it is read again, and the sessions of employees it no longer
     * holds, or holds with another role, end at once, each audited as a logout with {@code why}.
     */
    public List<Session> replaced(String why) {
        file.forget();
        List<Session> ended = sessions().stream().filter(s -> {
            StaffFile.Employee now = file.find(s.employeeId());
            return now == null || now.role() != s.role();
        }).toList();
        if (!ended.isEmpty()) {
            db.inTransaction("end the sessions of staff HQ removed", () -> {
                for (Session session : ended) {
                    db.update("DELETE FROM pos_session WHERE token = ?", session.token());
                    db.audit(session.terminalId(), session.employeeId(), "logout", why);
                }
                return null;
            });
        }
        return ended;
    }

    /** The session of a bearer token; 401 when there is none. */
    public Session session(String token) {
        if (token == null || token.isBlank()) {
            throw PosException.unauthorized("pos: log in first (POST /v1/pos/login) and send the token as"
                    + " 'Authorization: Bearer <token>'");
        }
        List<Session> found = db.inTransaction("read a session", () -> db.query("SELECT terminal_id, employee_id, role,"
                + " started_ms FROM pos_session WHERE token = ?", r -> new Session(token, r.getString(1), r.getString(2),
                Role.valueOf(r.getString(3)), Instant.ofEpochMilli(r.getLong(4))), token));
        if (found.isEmpty()) {
            throw PosException.unauthorized("pos: the session token is unknown or was logged out; log in again");
        }
        return found.getFirst();
    }

    /** The active sessions, by terminal. */
    public List<Session> sessions() {
        return db.inTransaction("read the sessions", () -> db.query("SELECT token, terminal_id, employee_id, role,"
                + " started_ms FROM pos_session ORDER BY terminal_id, started_ms", r -> new Session(r.getString(1),
                r.getString(2), r.getString(3), Role.valueOf(r.getString(4)), Instant.ofEpochMilli(r.getLong(5)))));
    }

    /**
     * Checks a manager's id and PIN typed in at {@code terminal} for {@code action}: 401 for a wrong PIN (counted
     * towards the alarm), 403 for an employee who is not a manager.
     */
    public String manager(String terminal, String managerId, String pin, String action) {
        if (managerId == null || managerId.isBlank()) {
            throw PosException.badInput(action + ": manager_id: must not be blank (a manager must approve)");
        }
        if (pin == null || pin.isEmpty()) {
            throw PosException.badInput(action + ": manager_pin: must not be empty");
        }
        StaffFile.Employee employee = file.find(managerId);
        if (employee == null || !PasswordHash.verify(pin.toCharArray(), employee.pinHash())) {
            failed(terminal, managerId, action);
            throw PosException.unauthorized(action + ": manager " + managerId + ": unknown employee or wrong PIN");
        }
        if (!employee.role().manages()) {
            throw PosException.forbidden(action + ": " + managerId + " is a " + employee.role()
                    + "; a MANAGER or ADMIN must approve");
        }
        synchronized (failures) {
            failures.remove(terminal + "|" + managerId);
        }
        return managerId;
    }

    private void failed(String terminal, String employeeId, String what) {
        int count;
        synchronized (failures) {
            count = failures.merge(terminal + "|" + employeeId, 1, Integer::sum);
        }
        Instant now = clock.instant();
        db.inTransaction("audit a failed " + what, () -> {
            db.audit(terminal, employeeId, "login-failed", what + ": wrong PIN or unknown employee, attempt " + count);
            if (count % ALARM_AFTER == 0) {
                db.audit(terminal, employeeId, "login-alarm", count + " failed attempts in a row");
                db.event("pos.login.alarm", now, new LoginAlarm(terminal, employeeId, count, now));
            }
            return null;
        });
        if (count % ALARM_AFTER == 0) {
            Logger.warn("pos: terminal {}: {} failed login attempts in a row for {}: alarm raised", terminal, count,
                    employeeId);
        }
    }

    static void terminal(String terminalId) {
        if (terminalId == null || !TERMINAL.matcher(terminalId).matches()) {
            throw PosException.badInput("login: terminal_id: must be 1 to 64 letters, digits, '.', '_' or '-', was "
                    + (terminalId == null ? "null" : "'" + terminalId + "'"));
        }
    }

    private static String token() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
