package dev.outpost.relay.staff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.config.ConfigException;
import dev.outpost.api.config.ConfigFile;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The pure parts of staff identity: roles, passwords, secrets, config. */
class StaffTest {

    static Staff staff(Set<Role> roles, Set<String> jurisdictions) {
        return new Staff("alice", new TreeSet<>(roles), new TreeSet<>(jurisdictions), Staff.Credential.SESSION);
    }

    @Test
    void everyRoleMayViewButOtherRolesAreNotRanked() {
        Staff admin = staff(EnumSet.of(Role.ADMIN), Set.of());
        assertTrue(admin.has(Role.VIEWER));
        assertTrue(admin.has(Role.ADMIN));
        assertFalse(admin.has(Role.PUBLISHER), "an admin is not a publisher unless given the role");
        assertFalse(admin.has(Role.APPROVER));
        assertEquals("user:alice", admin.actor());
    }

    @Test
    void anApproverApprovesOnlyForItsJurisdictions() {
        Staff approver = staff(EnumSet.of(Role.APPROVER), Set.of("FR", "JP"));
        assertTrue(approver.approvesFor("FR"));
        assertFalse(approver.approvesFor("DE"));
        assertFalse(staff(EnumSet.of(Role.PUBLISHER), Set.of("FR")).approvesFor("FR"));
    }

    @Test
    void rolesReadAndWriteTheirWireNames() {
        assertEquals(Role.SAFETY_OFFICER, Role.parse("safety-officer"));
        assertEquals("safety-officer", Role.SAFETY_OFFICER.wire());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Role.parse("SAFETY_OFFICER"));
        assertEquals("unknown role 'SAFETY_OFFICER' (roles: viewer, publisher, approver, safety-officer, admin)", e.getMessage());
    }

    @Test
    void passwordsHashWithBcryptAndCheck() {
        Passwords passwords = new Passwords(10);
        String hash = passwords.hash("correct horse battery".toCharArray());
        assertTrue(hash.startsWith("$2y$10$"), hash);
        assertNotEquals(hash, passwords.hash("correct horse battery".toCharArray()), "salted");
        assertTrue(passwords.matches(hash, "correct horse battery".toCharArray()));
        assertFalse(passwords.matches(hash, "correct horse batterz".toCharArray()));
        IllegalArgumentException low = assertThrows(IllegalArgumentException.class, () -> new Passwords(9));
        assertEquals("staff.password.bcrypt-cost must be between 10 and 16, was 9", low.getMessage());
    }

    @Test
    void passwordsAreAtLeast12CharactersAndAtMost72Bytes() {
        assertEquals("must be at least 12 characters, was 5", Passwords.problem("short".toCharArray()));
        assertNull(Passwords.problem("twelve chars".toCharArray()));
        assertEquals("must be at most 72 bytes in UTF-8 (bcrypt ignores the rest), was 80",
                Passwords.problem("é".repeat(40).toCharArray()));
    }

    @Test
    void theCsrfTokenIsDerivedFromTheSessionButDoesNotRevealIt() {
        String session = Secrets.random(32);
        String csrf = Secrets.csrfFor(session);
        assertEquals(csrf, Secrets.csrfFor(session));
        assertNotEquals(csrf, Secrets.csrfFor(Secrets.random(32)));
        assertFalse(csrf.contains(session));
        assertTrue(Secrets.same(csrf, Secrets.csrfFor(session)));
        assertFalse(Secrets.same(csrf, null));
        assertEquals(24, Secrets.password().length());
    }

    @Test
    void configRefusesAnIdleLimitLongerThanTheSession() {
        ConfigFile file = ConfigFile.empty("test").with("staff.session.idle", "2h").with("staff.session.max", "1h");
        var in = file.reader();
        StaffConfig.read(in);
        ConfigException e = assertThrows(ConfigException.class, in::finish);
        assertTrue(e.getMessage().contains("staff.session.idle must not be longer than staff.session.max"), e.getMessage());
        var defaults = ConfigFile.empty("test").reader();
        StaffConfig d = StaffConfig.read(defaults);
        defaults.finish();
        assertEquals(new StaffConfig(12, Duration.ofMinutes(30), Duration.ofHours(12), 5, Duration.ofMinutes(15),
                Duration.ofMinutes(15)), d);
    }
}
