package dev.outpost.hil;

/** A check's finding before it is timed: passed or not, and the message that says what and why. */
public record Verdict(boolean passed, String message) {

    public static Verdict pass(String message) {
        return new Verdict(true, message);
    }

    public static Verdict fail(String message) {
        return new Verdict(false, message);
    }
}
