package dev.outpost.appliance.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.password.PasswordHash;
import dev.outpost.site.broker.Credential;
import dev.outpost.site.broker.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceAccountsTest {
    @TempDir
    Path dir;

    private Path write(String text) throws Exception {
        return Files.writeString(dir.resolve("devices.accounts"), text);
    }

    @Test
    void readsDevicesAndRolesAndSkipsComments() throws Exception {
        String hash = PasswordHash.hash("s3cret".toCharArray(), 1_000);
        Map<String, Credential> accounts = DeviceAccounts.load(write("# device-id role hash\n\nboard-1 device " + hash
                + "\nbackoffice appliance " + hash + "\n"));
        assertEquals(Role.DEVICE, accounts.get("board-1").role());
        assertEquals(Role.APPLIANCE, accounts.get("backoffice").role());
        assertTrue(PasswordHash.verify("s3cret".toCharArray(), accounts.get("board-1").passwordHash()));
    }

    @Test
    void oneBadLineRejectsTheWholeFileAndNamesEveryProblem() throws Exception {
        String hash = PasswordHash.hash("x".toCharArray(), 1_000);
        Path file = write("board-1 device " + hash + "\nboard-2 device\nkiosk-1 admin " + hash + "\nboard-1 device " + hash
                + "\npos-1 device not-a-hash\nBoard-3 device " + hash + "\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceAccounts.load(file));
        assertTrue(e.getMessage().startsWith("broker.accounts " + file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("line 2: expected 'device-id role password-hash', found 2 fields"), e.getMessage());
        assertTrue(e.getMessage().contains("line 3: role 'admin' must be device or appliance"), e.getMessage());
        assertTrue(e.getMessage().contains("line 4: device board-1 is listed twice"), e.getMessage());
        assertTrue(e.getMessage().contains("line 5: password hash: "), e.getMessage());
        assertTrue(e.getMessage().contains("line 6: device id 'Board-3' must be lower-case letters"), e.getMessage());
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceAccounts.load(missing));
        assertEquals("broker.accounts " + missing + ": file does not exist", e.getMessage());
    }
}
