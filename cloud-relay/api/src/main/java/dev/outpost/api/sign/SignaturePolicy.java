package dev.outpost.api.sign;

import java.util.Map;
import java.util.TreeMap;

/**
 * How many distinct valid keys of which roles a document needs, e.g. {@code publisher: 1} for a
 * routine publish, {@code publisher: 1, regulator: 1} for a high-risk one. A key counts once, for
 * one role, however many times it signed.
 */
public final class SignaturePolicy {
    private final Map<String, Integer> required;

    private SignaturePolicy(Map<String, Integer> required) {
        if (required.isEmpty()) {
            throw new IllegalArgumentException("signature policy: requires at least one role");
        }
        required.forEach((role, count) -> {
            if (role == null || role.isBlank()) {
                throw new IllegalArgumentException("signature policy: role must not be blank");
            }
            if (count == null || count < 1) {
                throw new IllegalArgumentException("signature policy: role " + role
                        + " must require at least 1 signature, was " + count);
            }
        });
        this.required = Map.copyOf(required);
    }

    public static SignaturePolicy requires(Map<String, Integer> countPerRole) {
        return new SignaturePolicy(new TreeMap<>(countPerRole));
    }

    public static SignaturePolicy requires(String role, int count) {
        return requires(Map.of(role, count));
    }

    /** One publisher signature: the default for manifests. */
    public static SignaturePolicy publisher() {
        return requires(KeyringEntry.PUBLISHER, 1);
    }

    public SignaturePolicy and(String role, int count) {
        Map<String, Integer> more = new TreeMap<>(required);
        more.merge(role, count, Integer::sum);
        return new SignaturePolicy(more);
    }

    /** Role → count, sorted by role. */
    public Map<String, Integer> required() {
        return new TreeMap<>(required);
    }

    @Override
    public String toString() {
        return "requires " + required();
    }
}
