package dev.outpost.appliance.legacy;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A circuit breaker in front of the legacy POS. CLOSED: calls go through; {@code failures} failures in a row (a
 * timeout is a failure) open it. OPEN: calls are refused for {@code coolDown}, measured on the monotonic ticker. Then
 * HALF_OPEN: exactly one call, the probe, goes through; its success closes the breaker, its failure opens it for
 * another cool-down. Thread-safe; it only keeps score, the caller times the calls.
 */
final class Breaker {
    enum State { CLOSED, OPEN, HALF_OPEN }

    /**
     * @param state            where the breaker is
     * @param failuresInARow   failures since the last success
     * @param opened           how many times it has opened since start
     * @param retryInMs        while OPEN, how long until the probe may go; otherwise null
     * @param lastError        why the last call failed, or null after a success
     */
    record View(State state, int failuresInARow, long opened, Long retryInMs, String lastError) {
    }

    private final int threshold;
    private final Duration coolDown;
    private final LongSupplier ticker;
    private State state = State.CLOSED;
    private int failures;
    private long opened;
    private long openedAt;
    private boolean probing;
    private String lastError;

    Breaker(int threshold, Duration coolDown, LongSupplier ticker) {
        if (threshold < 1) {
            throw new IllegalArgumentException("legacy breaker: failures must be at least 1, was " + threshold);
        }
        if (coolDown == null || coolDown.isNegative() || coolDown.isZero()) {
            throw new IllegalArgumentException("legacy breaker: cool-down must be positive, was " + coolDown);
        }
        this.threshold = threshold;
        this.coolDown = coolDown;
        this.ticker = ticker;
    }

    /**
     * Whether a call may go now. In HALF_OPEN only the first caller gets true (the probe) until it reports back.
     * Every true must be followed by {@link #success()} or {@link #failure(String)}.
     */
    synchronized boolean tryAcquire() {
        switch (state) {
            case CLOSED -> {
                return true;
            }
            case OPEN -> {
                if (ticker.getAsLong() - openedAt < coolDown.toNanos()) {
                    return false;
                }
                state = State.HALF_OPEN;
                probing = true;
                return true;
            }
            default -> {
                if (probing) {
                    return false;
                }
                probing = true;
                return true;
            }
        }
    }

    synchronized void success() {
        state = State.CLOSED;
        failures = 0;
        probing = false;
        lastError = null;
    }

    synchronized void failure(String why) {
        failures++;
        lastError = why;
        if (state == State.HALF_OPEN || (state == State.CLOSED && failures >= threshold)) {
            state = State.OPEN;
            openedAt = ticker.getAsLong();
            opened++;
        }
        probing = false;
    }

    /** How long until {@link #tryAcquire()} may say yes again: zero unless OPEN. */
    synchronized Duration retryIn() {
        if (state != State.OPEN) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(Math.max(0, openedAt + coolDown.toNanos() - ticker.getAsLong()));
    }

    synchronized State state() {
        return state;
    }

    synchronized View view() {
        Long retry = state == State.OPEN ? retryIn().toMillis() : null;
        return new View(state, failures, opened, retry, lastError);
    }
}
