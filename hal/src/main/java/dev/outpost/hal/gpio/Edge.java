package dev.outpost.hal.gpio;

/** A debounced transition; {@link #BOTH} is only used to subscribe to either. */
public enum Edge {
    RISING,
    FALLING,
    BOTH;

    boolean matches(Edge happened) {
        return this == BOTH || this == happened;
    }

    static Edge to(State state) {
        return state == State.HIGH ? RISING : FALLING;
    }
}
