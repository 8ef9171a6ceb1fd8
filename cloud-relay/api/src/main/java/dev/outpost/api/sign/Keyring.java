package dev.outpost.api.sign;

import dev.outpost.api.json.Document;
import dev.outpost.api.json.Fields;
import dev.outpost.api.json.InvalidFieldException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The publisher keys the root key vouches for. Travels as the payload of a {@link SignedDocument}
 * signed by the root key; {@code version} only ever grows, so an old keyring (with a since-revoked
 * key) can be refused.
 */
@Document("keyring")
public record Keyring(long version, Instant issuedAt, List<KeyringEntry> keys) {
    public Keyring {
        Fields.positive("version", version);
        Fields.present("issued_at", issuedAt);
        keys = Fields.list("keys", keys);
        Set<KeyId> seen = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            if (!seen.add(keys.get(i).keyId())) {
                throw new InvalidFieldException("keys[" + i + "].key_id", keys.get(i).keyId() + " is listed twice");
            }
        }
    }

    public Optional<KeyringEntry> find(KeyId keyId) {
        return keys.stream().filter(key -> key.keyId().equals(keyId)).findFirst();
    }

    /** This keyring signed by the root key, ready to ship. */
    public SignedDocument signedBy(SigningKey root) {
        return SignedDocument.sign(this, root);
    }
}
