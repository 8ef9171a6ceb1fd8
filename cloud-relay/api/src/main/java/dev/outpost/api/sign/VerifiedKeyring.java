package dev.outpost.api.sign;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A keyring whose root signature has been checked; only {@link Verifier} makes one. */
public final class VerifiedKeyring {
    private final Keyring keyring;

    VerifiedKeyring(Keyring keyring) {
        this.keyring = keyring;
    }

    public Keyring keyring() {
        return keyring;
    }

    /**
     * Verifies {@code signed} under {@code policy} at {@code at}, then binds its payload.
     *
     * @param document the name used in messages, e.g. {@code manifest}
     * @throws VerificationException (SIGNATURES) naming what is missing and why signatures were ignored
     */
    public <T> T verify(String document, SignedDocument signed, Instant at, SignaturePolicy policy, Class<T> type) {
        check(document, signed, at, policy);
        return signed.payloadAs(type);
    }

    /**
     * Checks the signatures and returns the keys that count, each once. Signatures by keys not in
     * the keyring, outside their validity, or that do not verify are ignored, and named in the
     * message when the policy ends up unmet.
     */
    public List<KeyringEntry> check(String document, SignedDocument signed, Instant at, SignaturePolicy policy) {
        byte[] bytes = signed.signedBytes();
        Map<KeyId, KeyringEntry> valid = new LinkedHashMap<>();
        Set<String> ignored = new LinkedHashSet<>();
        for (DocumentSignature signature : signed.signatures()) {
            KeyId id = signature.keyId();
            if (valid.containsKey(id)) {
                continue;
            }
            KeyringEntry entry = keyring.find(id).orElse(null);
            if (entry == null) {
                ignored.add("key " + id + " not in keyring v" + keyring.version());
            } else if (!entry.validAt(at)) {
                ignored.add("key " + id + " not valid at " + at + " (valid from " + entry.notBefore()
                        + " to " + entry.notAfter() + ")");
            } else if (!entry.publicKey().verify(bytes, signature.signatureBytes())) {
                ignored.add("key " + id + " signature does not verify");
            } else {
                valid.put(id, entry);
            }
        }
        List<KeyringEntry> keys = List.copyOf(valid.values());
        List<String> slots = new ArrayList<>();
        policy.required().forEach((role, count) -> {
            for (int i = 0; i < count; i++) {
                slots.add(role);
            }
        });
        List<KeyringEntry> assigned = new ArrayList<>();
        if (assign(slots, 0, keys, new boolean[keys.size()], assigned)) {
            return List.copyOf(assigned);
        }
        List<String> problems = new ArrayList<>();
        policy.required().forEach((role, count) -> {
            long have = keys.stream().filter(key -> key.hasRole(role)).count();
            if (have < count) {
                problems.add(have + " valid signature" + (have == 1 ? "" : "s") + " from role " + role
                        + ", " + count + " required");
            }
        });
        if (problems.isEmpty()) {
            problems.add(keys.size() + " distinct valid key" + (keys.size() == 1 ? "" : "s") + " cannot fill "
                    + policy.required() + ": one key counts for one role");
        }
        problems.addAll(ignored);
        throw new VerificationException(VerificationException.Reason.SIGNATURES,
                document + ": " + String.join("; ", problems));
    }

    /** Gives every required role slot its own key; policies are a handful of slots, so plain backtracking. */
    private static boolean assign(List<String> slots, int slot, List<KeyringEntry> keys, boolean[] used,
                                  List<KeyringEntry> assigned) {
        if (slot == slots.size()) {
            return true;
        }
        for (int i = 0; i < keys.size(); i++) {
            if (!used[i] && keys.get(i).hasRole(slots.get(slot))) {
                used[i] = true;
                assigned.add(keys.get(i));
                if (assign(slots, slot + 1, keys, used, assigned)) {
                    return true;
                }
                assigned.remove(assigned.size() - 1);
                used[i] = false;
            }
        }
        return false;
    }
}
