package dev.outpost.api.password;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHashTest {

    @Test
    void verifiesTheRightPasswordOnly() {
        String hash = PasswordHash.hash("s3cret-ü".toCharArray(), 2_000);
        assertTrue(hash.startsWith("pbkdf2-sha256$2000$"), hash);
        assertTrue(PasswordHash.verify("s3cret-ü".toCharArray(), hash));
        assertFalse(PasswordHash.verify("s3cret-u".toCharArray(), hash));
        assertFalse(PasswordHash.verify(new char[0], hash));
        assertNotEquals(hash, PasswordHash.hash("s3cret-ü".toCharArray(), 2_000), "salt is random");
    }

    @Test
    void defaultIterationsAreEncodedInTheHash() {
        assertTrue(PasswordHash.hash("x".toCharArray()).startsWith("pbkdf2-sha256$" + PasswordHash.DEFAULT_ITERATIONS + "$"));
    }

    @Test
    void malformedHashesAreRejectedWithoutEchoingThem() {
        assertEquals("password hash: 2 '$'-separated fields, expected pbkdf2-sha256$<iterations>$<salt>$<hash>",
                assertThrows(IllegalArgumentException.class, () -> PasswordHash.validate("abc$def")).getMessage());
        assertEquals("password hash: scheme 'md5' is not supported, expected pbkdf2-sha256$<iterations>$<salt>$<hash>",
                assertThrows(IllegalArgumentException.class, () -> PasswordHash.validate("md5$1$aa$bb")).getMessage());
        assertEquals("password hash: iterations must be at least 1000, was 10",
                assertThrows(IllegalArgumentException.class,
                        () -> PasswordHash.validate("pbkdf2-sha256$10$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.hash(new char[0]));
    }
}
