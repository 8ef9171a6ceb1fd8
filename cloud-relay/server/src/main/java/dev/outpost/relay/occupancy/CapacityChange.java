package dev.outpost.relay.occupancy;

import java.time.Instant;

/**
 * One entry of a mall's capacity history. status: EFFECTIVE, PENDING (a rise above 20% waiting for a second
 * safety officer), SUPERSEDED (a pending change overtaken by a later one). {@code overAdmissionBound} is the bound
 * recorded when the change took effect (tokens leased out beyond the new capacity); 0 otherwise.
 */
public record CapacityChange(String mallId, int seq, String status, long capacity, Long previous, String requestedBy,
                             Instant requestedAt, String approvedBy, Instant effectiveFrom, String reason,
                             long overAdmissionBound) {
}
