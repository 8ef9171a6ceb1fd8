package dev.outpost.relay.staff;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Password hashing with bcrypt (BouncyCastle's {@link OpenBSDBCrypt}). Chosen over Argon2id because the hash is a
 * self-describing standard string ({@code $2y$12$salt+hash}) checked in constant time by the library, and because
 * its memory use is tiny: Argon2id only resists GPUs when given tens of MiB per login, which a relay started with a
 * small heap (the demo runs it with 128 MiB) cannot spare under a burst of logins.
 */
public final class Passwords {
    public static final int MIN_LENGTH = 12;
    /** bcrypt reads at most 72 bytes; longer passwords are refused rather than silently truncated. */
    public static final int MAX_BYTES = 72;

    private final int cost;
    private final SecureRandom random = new SecureRandom();
    private volatile String decoy;

    public Passwords(int cost) {
        if (cost < 10 || cost > 16) {
            throw new IllegalArgumentException("staff.password.bcrypt-cost must be between 10 and 16, was " + cost);
        }
        this.cost = cost;
    }

    /** Null when acceptable, else what is wrong, for a message that starts with the field's name. */
    public static String problem(char[] password) {
        if (password.length < MIN_LENGTH) {
            return "must be at least " + MIN_LENGTH + " characters, was " + password.length;
        }
        int bytes = new String(password).getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            return "must be at most " + MAX_BYTES + " bytes in UTF-8 (bcrypt ignores the rest), was " + bytes;
        }
        return null;
    }

    public String hash(char[] password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return OpenBSDBCrypt.generate("2y", password, salt, cost);
    }

    public boolean matches(String hash, char[] password) {
        return OpenBSDBCrypt.checkPassword(hash, password);
    }

    /** Spends the same time as checking a real password, so a login for an unknown user does not answer faster. */
    public void checkDecoy(char[] password) {
        String hash = decoy;
        if (hash == null) {
            // made on first use, not at start-up: most relays never see an unknown name
            hash = hash(Secrets.random(18).toCharArray());
            decoy = hash;
        }
        OpenBSDBCrypt.checkPassword(hash, password);
    }
}
