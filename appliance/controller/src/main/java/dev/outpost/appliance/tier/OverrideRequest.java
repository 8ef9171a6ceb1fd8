package dev.outpost.appliance.tier;

import dev.outpost.api.json.Document;
import dev.outpost.api.json.InvalidFieldException;

/**
 * {@code POST /v1/menus/override}: show the full menu on an EXPIRED site for {@code hours}, decided by
 * {@code manager}, for {@code reason}.
 */
@Document("menu_override")
public record OverrideRequest(int hours, String reason, String manager) {
    public static final int MIN_HOURS = 1;
    public static final int MAX_HOURS = 72;
    static final int MAX_REASON = 500;
    static final int MAX_MANAGER = 100;

    public OverrideRequest {
        if (hours < MIN_HOURS || hours > MAX_HOURS) {
            throw new InvalidFieldException("hours", "must be between " + MIN_HOURS + " and " + MAX_HOURS + " (whole hours),"
                    + " was " + hours);
        }
        text("reason", reason, MAX_REASON);
        text("manager", manager, MAX_MANAGER);
    }

    static String text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new InvalidFieldException(field, "must not be blank, was " + (value == null ? "null" : "'" + value + "'"));
        }
        if (value.length() > max) {
            throw new InvalidFieldException(field, "must be at most " + max + " characters, was " + value.length());
        }
        return value;
    }
}
