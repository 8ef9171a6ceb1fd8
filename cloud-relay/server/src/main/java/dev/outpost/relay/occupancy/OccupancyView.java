package dev.outpost.relay.occupancy;

import java.time.Instant;
import java.util.List;

/**
 * A mall's live occupancy as the ledger holds it. {@code overAdmissionBound} is how many tokens are still leased
 * out beyond the capacity (after a cut, until the sites hand them back): at most that many people above capacity.
 * Per-gate admit/reject/exit rates are not here: they come from gate journals, which no site sends yet.
 */
public record OccupancyView(String mallId, long capacity, long count, long leasedOut, long free, Mode mode,
                            String state, String stateReason, long overAdmissionBound, long version, Instant updatedAt,
                            List<String> sites, List<Block> blocks, List<CapacityChange> pendingCapacity) {

    /** A live site block. */
    public record Block(String leaseId, String siteId, long tokens, long used, long exited, Instant expiresAt) {
    }
}
