package dev.outpost.api.lease;

import dev.outpost.api.json.Document;
import dev.outpost.api.json.Fields;
import java.util.UUID;

/**
 * The holder's account of lease {@code lease_id}: cumulative {@code used} admissions and {@code exited} confirmed
 * exits (each exit credits one right back to the holder that saw it). On a live lease it records them without
 * extending it; on a lease the grantor reclaimed (counting all its rights as used) it corrects the count and
 * closes the lease. {@code recounts} and {@code pre_exited}: as in {@link LeaseRenew}.
 */
@Document("lease_reconcile")
public record LeaseReconcile(UUID idempotencyKey, UUID leaseId, String mallId, String holderId, int used, int exited,
                             long recounts, int preExited) {
    public LeaseReconcile {
        LeaseFields.common(idempotencyKey, mallId, holderId);
        Fields.present("lease_id", leaseId);
        Fields.notNegative("used", used);
        Fields.notNegative("exited", exited);
        LeaseFields.recounts(recounts, exited, preExited);
    }
}
