package dev.outpost.appliance.legacy;

import java.time.Instant;

/** A sale the legacy POS refuses for good, set aside (and shown) so the sales behind it still go. */
public record ParkedSale(String transactionId, Instant queuedAt, Instant parkedAt, String reason) {
}
