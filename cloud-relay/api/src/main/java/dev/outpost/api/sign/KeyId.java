package dev.outpost.api.sign;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.outpost.api.json.InvalidFieldException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** The first 16 hex characters of SHA-256 over a raw 32-byte Ed25519 public key. */
public record KeyId(@JsonValue String value) {
    private static final Pattern FORM = Pattern.compile("[0-9a-f]{16}");

    public KeyId {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new InvalidFieldException(null, "expected a key id of 16 lowercase hex characters, was "
                    + (value == null ? "null" : "\"" + value + "\""));
        }
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static KeyId parse(String value) {
        return new KeyId(value);
    }

    public static KeyId of(byte[] rawPublicKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(rawPublicKey);
            return new KeyId(HexFormat.of().formatHex(digest, 0, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }

}
