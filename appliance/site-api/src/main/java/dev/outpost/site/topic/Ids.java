package dev.outpost.site.topic;

import java.util.regex.Pattern;

/** Site and device ids: lower-case, digits and dashes, so they are safe as one MQTT topic level and as a username. */
public final class Ids {

    public static final String PATTERN_TEXT = "[a-z0-9][a-z0-9-]{0,62}";
    private static final Pattern PATTERN = Pattern.compile(PATTERN_TEXT);

    private Ids() {
    }

    public static boolean isValid(String id) {
        return id != null && PATTERN.matcher(id).matches();
    }

    /** Returns the site id, or throws naming it. */
    public static String site(String site) {
        if (!isValid(site)) {
            throw new IllegalArgumentException("site id " + quote(site) + " must match " + PATTERN_TEXT);
        }
        return site;
    }

    /** Returns the device id, or throws naming the site and the id. */
    public static String device(String site, String device) {
        if (!isValid(device)) {
            throw new IllegalArgumentException(
                    "site " + site + ": device id " + quote(device) + " must match " + PATTERN_TEXT);
        }
        return device;
    }

    static String quote(String value) {
        return value == null ? "null" : "'" + value + "'";
    }
}
