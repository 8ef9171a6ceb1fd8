package dev.outpost.hil;

import java.time.Duration;

/**
 * What one check found.
 *
 * @param check   the check's name, e.g. {@code wiring}
 * @param passed  whether the bench did what the check expects
 * @param message what was checked and, on a failure, what went wrong and where
 * @param took    how long the check ran
 */
public record Outcome(String check, boolean passed, String message, Duration took) {
}
