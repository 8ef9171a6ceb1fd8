package dev.outpost.hal.turnstile;

/** Receives what the turnstile confirms. Calls come one at a time from the driver's thread and must return quickly. */
public interface TurnstileListener {

    /** {@code count} people passed the entry (a rising edge of the entry-passage input, or a counter step). */
    void entryPassed(int count);

    /** {@code count} people passed the exit. */
    void exitPassed(int count);

    /** Any field of the status changed (including the turnstile starting or stopping to answer). */
    void statusChanged(TurnstileStatus status);
}
