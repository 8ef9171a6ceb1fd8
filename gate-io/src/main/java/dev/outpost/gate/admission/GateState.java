package dev.outpost.gate.admission;

/**
 * The gate's state (ARCHITECTURE.md §6), from most to least informed. Exits are free in every state.
 * <ul>
 * <li>{@link #NORMAL}: in touch with its hub; admits from its lease.</li>
 * <li>{@link #LEASED}: the hub does not answer; admits from the lease it holds until the lease runs out.</li>
 * <li>{@link #DEGRADED}: no live lease and no hub; admits only the rights exits it saw gave back (the mall flows
 *     at its exit rate and stays within capacity).</li>
 * <li>{@link #PESSIMISTIC_REJECT}: it cannot trust what it knows (no mall status yet, the count is UNKNOWN after a
 *     fire, the turnstile does not answer, the journal cannot be written): refuses every entry.</li>
 * <li>{@link #FIRE_OPEN}: the fire loop is open or the mall is in FIRE mode: everything held open, nothing
 *     counted.</li>
 * </ul>
 */
public enum GateState {
    NORMAL, LEASED, DEGRADED, PESSIMISTIC_REJECT, FIRE_OPEN
}
