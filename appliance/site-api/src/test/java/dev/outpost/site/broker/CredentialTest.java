package dev.outpost.site.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.outpost.api.password.PasswordHash;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialTest {

    @Test
    void refusesAPlainTextPassword() {
        assertThrows(IllegalArgumentException.class, () -> new Credential(Role.DEVICE, "plain-text-password"));
    }

    @Test
    void credentialsNeverPrintTheirHash() {
        Credential credential = new Credential(Role.DEVICE, PasswordHash.hash("x".toCharArray(), 1_000));
        assertEquals("Credential[DEVICE]", credential.toString());
        assertFalse(Map.of("d", credential).toString().contains("pbkdf2"));
    }
}
