package dev.outpost.api.sign;

import dev.outpost.api.json.Fields;
import dev.outpost.api.json.InvalidFieldException;

/** One signature of a {@link SignedDocument}: {@code {"key_id": "3fa1…", "sig": "<base64url, 64 bytes>"}}. */
public record DocumentSignature(KeyId keyId, String sig) {
    public DocumentSignature {
        Fields.present("key_id", keyId);
        Fields.present("sig", sig);
        try {
            Base64Url.decode(sig, SigningKey.SIGNATURE_LENGTH, "an Ed25519 signature");
        } catch (InvalidFieldException e) {
            throw new InvalidFieldException("sig", e.problem());
        }
    }

    public static DocumentSignature of(KeyId keyId, byte[] signature) {
        return new DocumentSignature(keyId, Base64Url.encode(signature));
    }

    public byte[] signatureBytes() {
        return Base64Url.decode(sig, SigningKey.SIGNATURE_LENGTH, "an Ed25519 signature");
    }
}
