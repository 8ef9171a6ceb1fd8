package dev.outpost.hal.turnstile;

import java.util.Optional;

/**
 * A turnstile as the gate controller sees it, whatever drives it: an RS-485 I/O module over Modbus RTU, or direct
 * GPIO lines. Passages are reported as they are confirmed by the turnstile (its passage sensors or hardware
 * counters), never inferred from an unlock. Listener calls come from the driver's own thread, one at a time.
 *
 * <p>There is no command to let one person out: an exit is never gated on software (ARCHITECTURE.md §6). Either
 * the exit is free in hardware, or the driver keeps it released for as long as it runs (and after it closes).
 */
public interface Turnstile extends AutoCloseable {

    /** The driver, e.g. {@code modbus} or {@code gpio}, for logs. */
    String driver();

    /** Lets one person through the entry (a pulse the turnstile clears after the passage or its pulse time). */
    void unlockEntry();

    /**
     * Holds entry and exit open ({@code true}) until told otherwise: the software side of a fire release. The
     * hardwired fire loop releases the turnstile on its own; this is the second belt. Ending the hold locks the entry
     * again; it never locks an exit the driver keeps released.
     */
    void holdOpen(boolean open);

    /** Switches the FULL lamp. */
    void fullLamp(boolean on);

    /**
     * The hardware passage counters, when the turnstile keeps them (the Modbus module does, GPIO does not). Read
     * at start so passages made while the controller was down are reconciled against its journal.
     *
     * @throws TurnstileException when the turnstile does not answer
     */
    Optional<PassageCounters> counters();

    /** The last known inputs (fire loop, ready, tamper, manual release) and whether the turnstile answers. */
    TurnstileStatus status();

    /**
     * Starts reporting to {@code listener}; one listener per turnstile. A polling driver (Modbus) starts polling
     * here, and reports only passages counted after its first counter reading, which {@link #counters()} takes if
     * called first: read the counters, reconcile, then listen.
     */
    void listen(TurnstileListener listener);

    /**
     * Stops polling and releases the lines or the serial link, leaving the entry locked. A driver that drives an
     * exit lock line directly (GPIO) leaves it released: a stopped controller must not hold anyone in. Idempotent.
     */
    @Override
    void close();
}
