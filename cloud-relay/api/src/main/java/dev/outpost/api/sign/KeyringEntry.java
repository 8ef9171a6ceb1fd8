package dev.outpost.api.sign;

import dev.outpost.api.json.Fields;
import dev.outpost.api.json.InvalidFieldException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;

/** A publisher key in the {@link Keyring}, usable for its roles from not_before (inclusive) to not_after (exclusive). */
public record KeyringEntry(KeyId keyId, Ed25519PublicKey publicKey, List<String> roles, Instant notBefore,
                           Instant notAfter) {
    public static final String PUBLISHER = "publisher";
    public static final String REGULATOR = "regulator";

    public KeyringEntry {
        Fields.present("key_id", keyId);
        Fields.present("public_key", publicKey);
        if (!keyId.equals(publicKey.keyId())) {
            throw new InvalidFieldException("key_id", keyId + " does not match public_key, whose key id is "
                    + publicKey.keyId());
        }
        roles = Fields.nonBlankList("roles", roles);
        if (roles.isEmpty()) {
            throw new InvalidFieldException("roles", "must name at least one role");
        }
        if (new HashSet<>(roles).size() != roles.size()) {
            throw new InvalidFieldException("roles", "lists a role twice: " + roles);
        }
        Fields.after("not_after", notAfter, "not_before", notBefore);
    }

    public static KeyringEntry of(Ed25519PublicKey key, List<String> roles, Instant notBefore, Instant notAfter) {
        return new KeyringEntry(key.keyId(), key, roles, notBefore, notAfter);
    }

    public boolean validAt(Instant instant) {
        return !instant.isBefore(notBefore) && instant.isBefore(notAfter);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
