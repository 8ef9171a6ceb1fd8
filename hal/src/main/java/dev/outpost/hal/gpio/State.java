package dev.outpost.hal.gpio;

/** The electrical level of a line. */
public enum State {
    LOW,
    HIGH;

    public State inverse() {
        return this == LOW ? HIGH : LOW;
    }
}
