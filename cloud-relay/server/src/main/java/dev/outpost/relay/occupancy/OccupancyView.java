package dev.outpost.relay.occupancy;

import java.time.Instant;
import java.util.List;

/**
 * A mall's live occupancy as the ledger holds it. {@code overAdmissionBound} is how many tokens are still leased
 * out beyond the capacity (after a cut, until the sites hand them back): at most that many people above capacity.
 * {@code gates} are the gates the mall's sites have sent events of, with their activity over the last minute
 * ({@link GateActivity}).
 */
public record OccupancyView(String mallId, long capacity, long count, long leasedOut, long free, Mode mode,
                            String state, String stateReason, long overAdmissionBound, long version, Instant updatedAt,
                            List<String> sites, List<Block> blocks, List<Gate> gates, List<CapacityChange> pendingCapacity) {

    /**
     * A live site block. {@code reportedAt}: the site's last report on it (null: never, since the relay kept this). A
     * block {@code behindRecount} last reported against an older recount than the mall's latest: exits its site let
     * through since then gave the site rights back that the recount freed again, so until its next report the mall may
     * hold that many people above what the relay can see (a hub in touch reports within a second of hearing of the
     * recount).
     */
    public record Block(String leaseId, String siteId, long tokens, long used, long exited, Instant expiresAt,
                        Instant reportedAt, boolean behindRecount) {
    }

    /**
     * A gate, by its site: admits, rejects and exits in the last minute (so, per minute), what its admits and
     * rejects in that minute were decided from, and when its last event happened, by the gate's clock.
     */
    public record Gate(String siteId, String gateId, long admitsPerMinute, long rejectsPerMinute, long exitsPerMinute,
                       Sources sources, Instant lastEventAt) {
    }

    /** Admits and rejects by where the decision came from (ARCHITECTURE.md §6). */
    public record Sources(long central, long gateLease, long siteBlock, long fallback) {
    }
}
