package dev.outpost.relay.posstaff;

import dev.outpost.api.password.PasswordHash;
import dev.outpost.relay.http.HttpProblem;

/**
 * The PINs HQ accepts for cashiers: 4 to 8 digits (what a terminal's keypad takes), and none a stranger guesses
 * first: one digit repeated (0000, 777777) or a straight run up or down (1234, 4321, 0123456). The relay keeps only
 * the PBKDF2 hash; the PIN is never stored, logged or echoed in an error.
 */
public final class Pins {
    static final int MIN_DIGITS = 4;
    static final int MAX_DIGITS = 8;

    private Pins() {
    }

    /** The hash of {@code pin}; 400 naming {@code field} and why when it is not an acceptable PIN. */
    static String hash(String field, String pin) {
        String problem = problem(pin);
        if (problem != null) {
            throw HttpProblem.badRequest(field + ": " + problem);
        }
        return PasswordHash.hash(pin.toCharArray());
    }

    /** A ready hash, checked for its format; 400 naming {@code field} when it is not one. */
    static String readyHash(String field, String pinHash) {
        try {
            PasswordHash.validate(pinHash);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest(field + ": " + e.getMessage().replace("password hash: ", "")
                    + " (a PBKDF2 hash as PasswordHash makes them)");
        }
        return pinHash;
    }

    /** Null when acceptable, else why not (never quoting the PIN). */
    public static String problem(String pin) {
        if (pin.length() < MIN_DIGITS || pin.length() > MAX_DIGITS) {
            return "must be " + MIN_DIGITS + " to " + MAX_DIGITS + " digits, was " + pin.length() + " characters long";
        }
        for (int i = 0; i < pin.length(); i++) {
            if (pin.charAt(i) < '0' || pin.charAt(i) > '9') {
                return "must be digits only, character " + (i + 1) + " is not a digit";
            }
        }
        boolean same = true;
        boolean up = true;
        boolean down = true;
        for (int i = 1; i < pin.length(); i++) {
            int step = pin.charAt(i) - pin.charAt(i - 1);
            same &= step == 0;
            up &= step == 1;
            down &= step == -1;
        }
        if (same || up || down) {
            return "too easy to guess (one digit repeated, or a straight run such as 1234 or 4321); choose another";
        }
        return null;
    }
}
