package dev.outpost.api.posstaff;

import dev.outpost.api.json.Document;
import dev.outpost.api.json.Fields;
import dev.outpost.api.json.InvalidFieldException;
import dev.outpost.api.password.PasswordHash;
import java.util.List;

/**
 * The body of {@code GET /v1/sites/{site}/pos-staff}: the employees HQ lets log in on the site's POS terminals, with
 * their PIN hashes ({@link PasswordHash} format; never a PIN). {@code managed} says whether HQ manages the site's staff
 * at all: false while no employee, active or not, was ever assigned to it (then {@code employees} is empty and the
 * site keeps whatever staff it has), true from then on, even when nobody active is left.
 */
@Document("site_pos_staff")
public record SiteStaff(String siteId, boolean managed, List<Employee> employees) {
    public static final List<String> ROLES = List.of("CASHIER", "MANAGER", "ADMIN");

    public SiteStaff {
        Fields.nonBlank("site_id", siteId);
        employees = Fields.list("employees", employees);
        if (!managed && !employees.isEmpty()) {
            throw new InvalidFieldException("employees", "must be empty when managed is false, has "
                    + employees.size());
        }
        Fields.unique("employees", employees, "employee_id", Employee::employeeId);
    }

    /** One employee: a role of {@link #ROLES} and a PIN hash. */
    public record Employee(String employeeId, String name, String role, String pinHash) {
        public Employee {
            Fields.nonBlank("employee_id", employeeId);
            Fields.nonBlank("name", name);
            Fields.oneOf("role", role, ROLES);
            Fields.nonBlank("pin_hash", pinHash);
            try {
                PasswordHash.validate(pinHash);
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException("pin_hash", e.getMessage().replace("password hash: ", ""));
            }
        }

        @Override
        public String toString() {
            return "Employee[" + employeeId + ", " + role + "]";
        }
    }
}
