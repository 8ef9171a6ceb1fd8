package dev.outpost.hal.gpio;

import java.time.Duration;

/** An output line that starts at its declared initial state and returns to its shutdown state on close. */
public interface DigitalOutput extends AutoCloseable {

    String id();

    int line();

    State state();

    void set(State state);

    /**
     * Drives the line to {@code level} now and back to the state it had before after {@code width}.
     * A later {@link #set} or pulse wins over a pending return; a pulse during a pulse returns to the state before
     * the first (an unlock pulsed again while still unlocked must lock again afterwards).
     */
    void pulse(State level, Duration width);

    /** Sets the declared shutdown state and releases the line; later calls throw. Idempotent. */
    @Override
    void close();
}
