package dev.outpost.hal.turnstile;

/**
 * What the turnstile last reported.
 *
 * @param answering     false while the turnstile (its I/O module) does not answer; the other fields are then the
 *                      last values seen
 * @param fireAlarm     the fire loop is open or cut (its monitor input)
 * @param ready         the turnstile reports ready (false = a fault)
 * @param tamper        the tamper input is active
 * @param manualRelease the turnstile was released by hand (its key switch)
 */
public record TurnstileStatus(boolean answering, boolean fireAlarm, boolean ready, boolean tamper, boolean manualRelease) {
}
