package dev.outpost.site.message;

/**
 * Where a gate's admit or reject decision came from (ARCHITECTURE.md §6).
 * <ul>
 * <li>{@link #CENTRAL}: the mall's own state from the relay (a mode other than NORMAL, an UNKNOWN count, a full
 *     mall, a capacity cut).</li>
 * <li>{@link #GATE_LEASE}: a right of the gate's lease, granted while the site was in touch with the relay.</li>
 * <li>{@link #SITE_BLOCK}: a right of the gate's lease granted from the site block while the site was cut off from
 *     the relay (riding through a WAN partition).</li>
 * <li>{@link #FALLBACK}: the gate on its own: a right an exit it saw gave back while it had no live lease, or a
 *     reject because it has no lease, no hub or no working turnstile.</li>
 * </ul>
 */
public enum DecisionSource {
    CENTRAL, GATE_LEASE, SITE_BLOCK, FALLBACK
}
