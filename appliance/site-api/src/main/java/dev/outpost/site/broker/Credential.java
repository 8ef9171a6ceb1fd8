package dev.outpost.site.broker;

import dev.outpost.api.password.PasswordHash;

/** A broker account: its role and its {@link PasswordHash} (never a clear password). */
public record Credential(Role role, String passwordHash) {

    public Credential {
        if (role == null) {
            throw new IllegalArgumentException("credential: role is required (APPLIANCE or DEVICE)");
        }
        PasswordHash.validate(passwordHash);
    }

    public static Credential device(char[] password) {
        return new Credential(Role.DEVICE, PasswordHash.hash(password));
    }

    public static Credential appliance(char[] password) {
        return new Credential(Role.APPLIANCE, PasswordHash.hash(password));
    }

    @Override
    public String toString() {
        return "Credential[" + role + "]";
    }
}
