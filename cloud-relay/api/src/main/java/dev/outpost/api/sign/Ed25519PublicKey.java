package dev.outpost.api.sign;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.outpost.api.json.InvalidFieldException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;

/** An Ed25519 public key in its raw RFC 8032 encoding; JSON: unpadded base64url of the 32 bytes. */
public final class Ed25519PublicKey {
    public static final int LENGTH = 32;

    private final byte[] raw;
    private final KeyId keyId;

    private Ed25519PublicKey(byte[] raw) {
        this.raw = raw.clone();
        this.keyId = KeyId.of(this.raw);
    }

    public static Ed25519PublicKey of(byte[] raw) {
        if (raw == null || raw.length != LENGTH) {
            throw new InvalidFieldException(null, "expected an Ed25519 public key of 32 bytes, was "
                    + (raw == null ? "null" : raw.length + " bytes"));
        }
        return new Ed25519PublicKey(raw);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Ed25519PublicKey fromBase64Url(String text) {
        return new Ed25519PublicKey(Base64Url.decode(text, LENGTH, "an Ed25519 public key"));
    }

    /** Converts a JDK key (e.g. from a {@code KeyPairGenerator("Ed25519")}) to its raw form. */
    public static Ed25519PublicKey of(EdECPublicKey key) {
        EdECPoint point = key.getPoint();
        byte[] bigEndian = point.getY().toByteArray();
        byte[] raw = new byte[LENGTH];
        for (int i = 0; i < bigEndian.length && i < LENGTH; i++) {
            raw[i] = bigEndian[bigEndian.length - 1 - i];
        }
        if (point.isXOdd()) {
            raw[LENGTH - 1] |= (byte) 0x80;
        }
        return new Ed25519PublicKey(raw);
    }

    public byte[] raw() {
        return raw.clone();
    }

    @JsonValue
    public String base64Url() {
        return Base64Url.encode(raw);
    }

    public KeyId keyId() {
        return keyId;
    }

    /** True only for a valid signature by this key; malformed keys and signatures just fail. */
    public boolean verify(byte[] message, byte[] signature) {
        if (signature == null || signature.length != SigningKey.SIGNATURE_LENGTH) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(jdkKey());
            verifier.update(message);
            return verifier.verify(signature);
        } catch (InvalidKeyException | SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is missing from this JDK", e);
        }
    }

    /** The JDK form: y little-endian with the top bit of the last byte holding x's parity. */
    public java.security.PublicKey jdkKey() throws GeneralSecurityException {
        byte[] bigEndian = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            bigEndian[i] = raw[LENGTH - 1 - i];
        }
        boolean xOdd = (bigEndian[0] & 0x80) != 0;
        bigEndian[0] &= 0x7f;
        EdECPoint point = new EdECPoint(xOdd, new BigInteger(1, bigEndian));
        return KeyFactory.getInstance("Ed25519")
                .generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, point));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Ed25519PublicKey key && Arrays.equals(raw, key.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "Ed25519 " + keyId;
    }
}
