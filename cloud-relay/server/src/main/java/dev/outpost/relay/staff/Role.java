package dev.outpost.relay.staff;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a staff member may do. Roles are not ranked: an admin manages users but does not approve menus unless they
 * also hold approver. The one exception is {@link #VIEWER}, which every role includes (anyone on staff may read).
 */
public enum Role {
    VIEWER,
    PUBLISHER,
    /** Signs off changes for the jurisdictions (ISO country codes) the user holds. */
    APPROVER,
    SAFETY_OFFICER,
    ADMIN;

    /** The name used in JSON, config and messages: {@code safety-officer}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Role parse(String text) {
        for (Role role : values()) {
            if (role.wire().equals(text)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + text + "' (roles: " + choices() + ")");
    }

    public static String choices() {
        return Arrays.stream(values()).map(Role::wire).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return wire();
    }
}
