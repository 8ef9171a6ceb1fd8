package dev.outpost.appliance.pos.staff;

import dev.outpost.api.json.ContractException;
import dev.outpost.api.json.Document;
import dev.outpost.api.json.Fields;
import dev.outpost.api.json.InvalidFieldException;
import dev.outpost.api.json.Json;
import dev.outpost.api.password.PasswordHash;
import dev.outpost.appliance.pos.PosException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The staff who may log in on the site's terminals, read from a JSON file ({@code pos.staff-file}), written by hand
 * or by {@link StaffSync} from HQ: {@code {"employees": [{"employee_id": "e-17", "name": "Ana Ruiz", "role": "MANAGER",
 * "pin_hash": "pbkdf2-sha256$<iterations>$<salt>$<hash>"}]}}. PINs are never stored, only their PBKDF2 hashes
 * ({@code ./outpost} prints one with {@link PasswordHash}). The file is read again when it changes, so staff changes
 * take effect without a restart.
 */
public final class StaffFile {
    /** The file's document. */
    @Document("pos_staff")
    public record Staff(List<Employee> employees) {
        public Staff {
            employees = Fields.list("employees", employees);
            Fields.unique("employees", employees, "employee_id", Employee::employeeId);
        }
    }

    /** One employee. */
    public record Employee(String employeeId, String name, Role role, String pinHash) {
        public Employee {
            Fields.nonBlank("employee_id", employeeId);
            Fields.nonBlank("name", name);
            Fields.present("role", role);
            Fields.nonBlank("pin_hash", pinHash);
            try {
                PasswordHash.validate(pinHash);
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException("pin_hash", e.getMessage().replace("password hash", "PIN hash"));
            }
        }
    }

    private final Path file;
    private long readModified = Long.MIN_VALUE;
    private Map<String, Employee> byId = Map.of();

    public StaffFile(Path file) {
        this.file = file;
    }

    /** The employee of that id, reading the file again if it changed. */
    public synchronized Employee find(String employeeId) {
        refresh();
        return byId.get(employeeId);
    }

    /** Reads the file again at the next look-up, whatever its modification time says. */
    synchronized void forget() {
        readModified = Long.MIN_VALUE;
    }

    private void refresh() {
        long modified;
        try {
            modified = Files.exists(file) ? Files.getLastModifiedTime(file).toMillis() ^ Files.size(file) : -1;
        } catch (IOException e) {
            throw PosException.storage("pos staff file " + file + ": cannot read: " + e.getMessage(), e);
        }
        if (modified == readModified) {
            return;
        }
        if (modified == -1) {
            byId = Map.of();
        } else {
            Staff staff;
            try {
                staff = Json.read(Files.readAllBytes(file), Staff.class);
            } catch (IOException e) {
                throw PosException.storage("pos staff file " + file + ": cannot read: " + e.getMessage(), e);
            } catch (ContractException e) {
                throw PosException.storage("pos staff file " + file + ": " + e.getMessage()
                        + " (nobody can log in until it is fixed)", e);
            }
            Map<String, Employee> next = new HashMap<>();
            staff.employees().forEach(emp -> next.put(emp.employeeId(), emp));
            byId = Map.copyOf(next);
        }
        readModified = modified;
    }
}
