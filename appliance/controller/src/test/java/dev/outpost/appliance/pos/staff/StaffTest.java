package dev.outpost.appliance.pos.staff;

import static dev.outpost.appliance.pos.Catalogs.SITE;
import static dev.outpost.appliance.pos.Catalogs.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.outpost.api.event.EventEnvelope;
import dev.outpost.appliance.pos.PosDb;
import dev.outpost.appliance.pos.PosException;
import dev.outpost.appliance.pos.Till;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaffTest {
    @TempDir
    Path dir;
    PosDb db;
    Staff staff;

    @BeforeEach
    void open() throws Exception {
        Till.writeStaff(dir.resolve("staff.json"));
        db = PosDb.open(dir.resolve("pos.db"), SITE, () -> T0, Optional.empty());
        staff = new Staff(db, new StaffFile(dir.resolve("staff.json")), () -> T0);
    }

    @AfterEach
    void close() {
        db.close();
    }

    String wrong(String terminal, String employee) {
        PosException e = assertThrows(PosException.class, () -> staff.login(terminal, employee, "0000"));
        assertEquals(401, e.status());
        return e.getMessage();
    }

    @Test
    void oneSessionPerCashierPerTerminalAndAShiftChangeIsALogoutAndALogin() {
        Session first = staff.login("till-1", "c-1", "1111");
        Session again = staff.login("till-1", "c-1", "1111");
        Session elsewhere = staff.login("till-2", "c-1", "1111");
        assertEquals(List.of("till-1", "till-2"), staff.sessions().stream().map(Session::terminalId).toList());
        assertEquals(401, assertThrows(PosException.class, () -> staff.session(first.token())).status(),
                "logging in again on the terminal ends the earlier session");
        assertEquals(again, staff.session(again.token()));
        staff.logout(again);
        Session next = staff.login("till-1", "c-2", "2222");
        assertEquals(List.of("c-2", "c-1"), staff.sessions().stream().map(Session::employeeId).toList());
        assertEquals(Role.CASHIER, next.role());
        assertEquals(elsewhere, staff.session(elsewhere.token()));
    }

    @Test
    void threeFailedAttemptsInARowRaiseAnAlarmAndEveryAttemptIsAudited() {
        assertEquals("login of c-1 on till-1: unknown employee or wrong PIN", wrong("till-1", "c-1"));
        wrong("till-1", "c-1");
        staff.login("till-1", "c-1", "1111"); // a success starts the count again
        wrong("till-1", "c-1");
        wrong("till-1", "c-1");
        assertEquals(List.of(), db.events());
        wrong("till-1", "c-1");
        wrong("till-1", "ghost");
        List<EventEnvelope> events = db.events();
        assertEquals(List.of("pos.login.alarm"), events.stream().map(EventEnvelope::type).toList());
        assertEquals("{\"terminal_id\":\"till-1\",\"employee_id\":\"c-1\",\"failed_attempts\":3,\"at\":\"" + T0 + "\"}",
                events.getFirst().payload().toString());
        List<String> audit = db.auditTrail();
        assertEquals(8, audit.size(), audit.toString());
        assertEquals(T0 + " till-1 c-1 login-alarm: 3 failed attempts in a row", audit.get(6));
        assertEquals(T0 + " till-1 ghost login-failed: login: wrong PIN or unknown employee, attempt 1", audit.get(7));
    }

    @Test
    void aStaffFileChangeTakesEffectWithoutARestartAndABadOneIsRefusedNamingTheField() throws Exception {
        Path file = dir.resolve("staff.json");
        Files.writeString(file, Files.readString(file).replace("\"role\": \"CASHIER\", \"pin_hash\": \"pbkdf2",
                "\"role\": \"BOSS\", \"pin_hash\": \"pbkdf2"));
        PosException bad = assertThrows(PosException.class, () -> staff.login("till-1", "c-1", "1"));
        assertEquals(503, bad.status());
        assertEquals(true, bad.getMessage().startsWith("pos staff file " + file + ": pos_staff.employees[0].role: "),
                bad.getMessage());
        Till.writeStaff(file);
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        assertEquals("c-1", staff.login("till-1", "c-1", "1111").employeeId());
    }
}
