package dev.outpost.api.sign;

import dev.outpost.api.json.Fields;

/**
 * Trust starts here: the root public key baked into the image. The root signs keyrings, the
 * keyring's keys sign documents.
 *
 * <pre>{@code
 * VerifiedKeyring keyring = Verifier.trusting(root).keyring(manifest.keyring());
 * Manifest m = keyring.verify("manifest", signed, now, SignaturePolicy.publisher(), Manifest.class);
 * }</pre>
 */
public final class Verifier {
    private final Ed25519PublicKey root;

    private Verifier(Ed25519PublicKey root) {
        this.root = root;
    }

    public static Verifier trusting(Ed25519PublicKey root) {
        return new Verifier(Fields.present("root", root));
    }

    public Ed25519PublicKey root() {
        return root;
    }

    /**
     * Checks that the root key signed this keyring and parses it.
     *
     * @throws VerificationException (UNTRUSTED_KEYRING) when no valid root signature is present
     * @throws dev.outpost.api.json.ContractException when the payload is not a keyring
     */
    public VerifiedKeyring keyring(SignedDocument signed) {
        Keyring keyring = signed.payloadAs(Keyring.class);
        byte[] bytes = signed.signedBytes();
        boolean rootSigned = signed.signatures().stream()
                .filter(signature -> signature.keyId().equals(root.keyId()))
                .anyMatch(signature -> root.verify(bytes, signature.signatureBytes()));
        if (!rootSigned) {
            boolean rootTried = signed.signatures().stream().anyMatch(s -> s.keyId().equals(root.keyId()));
            throw new VerificationException(VerificationException.Reason.UNTRUSTED_KEYRING,
                    "keyring v" + keyring.version() + ": " + (rootTried
                            ? "the root key " + root.keyId() + " signature does not verify"
                            : "not signed by the root key " + root.keyId() + " (signed by "
                                    + signed.signatures().stream().map(s -> s.keyId().value()).toList() + ")"));
        }
        return new VerifiedKeyring(keyring);
    }

    /** As {@link #keyring(SignedDocument)}, and refuses a keyring older than one already accepted. */
    public VerifiedKeyring keyring(SignedDocument signed, long lastSeenVersion) {
        VerifiedKeyring verified = keyring(signed);
        long version = verified.keyring().version();
        if (version < lastSeenVersion) {
            throw new VerificationException(VerificationException.Reason.KEYRING_ROLLBACK,
                    "keyring v" + version + ": older than the keyring v" + lastSeenVersion
                            + " already accepted (rollback)");
        }
        return verified;
    }
}
