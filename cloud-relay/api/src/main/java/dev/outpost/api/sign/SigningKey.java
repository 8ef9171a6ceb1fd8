package dev.outpost.api.sign;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;

/** An Ed25519 private key, kept as its 32-byte RFC 8032 seed. {@link #toString} never shows it. */
public final class SigningKey {
    public static final int SEED_LENGTH = 32;
    public static final int SIGNATURE_LENGTH = 64;

    private final byte[] seed;
    private final PrivateKey jdkKey;
    private final Ed25519PublicKey publicKey;

    private SigningKey(byte[] seed) throws GeneralSecurityException {
        this.seed = seed.clone();
        this.jdkKey = KeyFactory.getInstance("Ed25519")
                .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, this.seed));
        this.publicKey = derivePublic(this.seed);
    }

    public static SigningKey fromSeed(byte[] seed) {
        if (seed == null || seed.length != SEED_LENGTH) {
            throw new IllegalArgumentException("signing key: expected an Ed25519 seed of 32 bytes, was "
                    + (seed == null ? "null" : seed.length + " bytes"));
        }
        try {
            return new SigningKey(seed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is missing from this JDK", e);
        }
    }

    public static SigningKey fromBase64Url(String seed) {
        return fromSeed(Base64Url.decode(seed, SEED_LENGTH, "an Ed25519 seed"));
    }

    public static SigningKey generate(SecureRandom random) {
        byte[] seed = new byte[SEED_LENGTH];
        random.nextBytes(seed);
        return fromSeed(seed);
    }

    /** The JDK has no public "seed to public key" call; its generator derives it from the seed we feed it. */
    private static Ed25519PublicKey derivePublic(byte[] seed) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(NamedParameterSpec.ED25519, new FixedSeed(seed));
        KeyPair pair = generator.generateKeyPair();
        byte[] generated = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
        if (!java.util.Arrays.equals(generated, seed)) {
            throw new IllegalStateException("Ed25519 key generator did not use the given seed");
        }
        return Ed25519PublicKey.of((EdECPublicKey) pair.getPublic());
    }

    public byte[] seed() {
        return seed.clone();
    }

    public String seedBase64Url() {
        return Base64Url.encode(seed);
    }

    public Ed25519PublicKey publicKey() {
        return publicKey;
    }

    public KeyId keyId() {
        return publicKey.keyId();
    }

    public byte[] sign(byte[] message) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(jdkKey);
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing key " + keyId() + ": Ed25519 signing failed", e);
        }
    }

    @Override
    public String toString() {
        return "SigningKey[" + keyId() + "]";
    }

    private static final class FixedSeed extends SecureRandom {
        private final byte[] seed;

        FixedSeed(byte[] seed) {
            this.seed = seed;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
        }
    }
}
