package dev.outpost.api.enroll;

import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A one-time enrollment token, {@code ot1.<secret>.<ca-sha256>}: the secret the relay checks (it stores only its
 * hash), and the SHA-256 fingerprint of the relay's device CA certificate, so a site can verify the relay's HTTPS
 * certificate on first contact without trusting anything else.
 */
public record EnrollmentToken(String secret, String caFingerprint) {
    public static final String PREFIX = "ot1";
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{32,128}");
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{64}");

    public EnrollmentToken {
        if (!SECRET.matcher(secret).matches()) {
            throw new IllegalArgumentException("enrollment token: the secret must be 32-128 base64url characters");
        }
        if (!FINGERPRINT.matcher(caFingerprint).matches()) {
            throw new IllegalArgumentException("enrollment token: the CA fingerprint must be 64 lowercase hex digits (SHA-256)");
        }
    }

    /** Reads {@code ot1.<secret>.<ca-sha256>}; the message never repeats the secret. */
    public static EnrollmentToken parse(String text) {
        String[] parts = text.strip().split("\\.", -1);
        if (parts.length != 3 || !PREFIX.equals(parts[0])) {
            throw new IllegalArgumentException("enrollment token: not of the form ot1.<secret>.<ca-sha256>; copy the whole "
                    + "token printed by ./outpost admin issue-enrollment-token");
        }
        return new EnrollmentToken(parts[1], parts[2].toLowerCase(Locale.ROOT));
    }

    public static String fingerprint(byte[] sha256) {
        return HexFormat.of().formatHex(sha256);
    }

    @Override
    public String toString() {
        return PREFIX + "." + secret + "." + caFingerprint;
    }
}
