package dev.outpost.api.password;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Broker passwords and POS PINs, stored as {@code pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>} (JDK
 * PBKDF2WithHmacSHA256, 16-byte random salt, 32-byte key).
 *
 * <p>Device passwords are random secrets issued at enrollment, not words people pick, so the iteration count
 * guards a leaked account file rather than weak passwords; it is kept moderate because the broker verifies
 * on its network thread at every connect, and a site reboot reconnects every device at once.
 *
 * <p>It lives in the WAN contract because the relay hashes cashier PINs for the stores ({@code pos_staff}) and the
 * appliance checks them: both sides must read and write one format.
 */
public final class PasswordHash {

    public static final String SCHEME = "pbkdf2-sha256";
    public static final int DEFAULT_ITERATIONS = 100_000;
    public static final int MIN_ITERATIONS = 1_000;
    private static final int SALT_BYTES = 16;
    private static final int KEY_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {
    }

    public static String hash(char[] password) {
        return hash(password, DEFAULT_ITERATIONS);
    }

    public static String hash(char[] password, int iterations) {
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("password hash: password must not be empty");
        }
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException(
                    "password hash: iterations must be at least " + MIN_ITERATIONS + ", was " + iterations);
        }
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] key = derive(password, salt, iterations, KEY_BITS);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(key);
    }

    /** True if {@code password} matches {@code encoded}; false for a wrong password. */
    public static boolean verify(char[] password, String encoded) {
        Parsed parsed = parse(encoded);
        if (password == null) {
            return false;
        }
        byte[] key = derive(password, parsed.salt, parsed.iterations, parsed.hash.length * 8);
        return MessageDigest.isEqual(key, parsed.hash);
    }

    /**
     * Checks the shape of an encoded hash.
     *
     * @throws IllegalArgumentException naming what is wrong (never echoing the hash itself)
     */
    public static void validate(String encoded) {
        parse(encoded);
    }

    private record Parsed(int iterations, byte[] salt, byte[] hash) {
    }

    private static Parsed parse(String encoded) {
        String expected = "expected " + SCHEME + "$<iterations>$<salt>$<hash>";
        if (encoded == null || encoded.isBlank()) {
            throw new IllegalArgumentException("password hash: missing, " + expected);
        }
        String[] parts = encoded.split("\\$", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException(
                    "password hash: " + parts.length + " '$'-separated fields, " + expected);
        }
        if (!SCHEME.equals(parts[0])) {
            throw new IllegalArgumentException("password hash: scheme '" + parts[0] + "' is not supported, " + expected);
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("password hash: iterations '" + parts[1] + "' is not a number", e);
        }
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException(
                    "password hash: iterations must be at least " + MIN_ITERATIONS + ", was " + iterations);
        }
        byte[] salt;
        byte[] hash;
        try {
            salt = Base64.getDecoder().decode(parts[2]);
            hash = Base64.getDecoder().decode(parts[3]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("password hash: salt or hash is not base64", e);
        }
        if (salt.length < 8 || hash.length < 16) {
            throw new IllegalArgumentException("password hash: salt (" + salt.length + " bytes) or hash ("
                    + hash.length + " bytes) too short, need at least 8 and 16");
        }
        return new Parsed(iterations, salt, hash);
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations, int bits) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bits);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("password hash: PBKDF2WithHmacSHA256 unavailable in this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }
}
