package dev.outpost.api.lease;

import dev.outpost.api.json.Document;
import dev.outpost.api.json.Fields;
import java.time.Duration;
import java.util.UUID;

/**
 * The holder's account of lease {@code lease_id} of {@code tokens} rights: {@code used} admissions
 * and {@code exited} confirmed exits (each exit credits one right back to the holder that saw it).
 * Sent after a partition or a reclaim, so the grantor can correct a reclaimed lease it counted as
 * fully used; {@code ttl} is how long the holder wants to keep its remaining rights.
 */
@Document("lease_reconcile")
public record LeaseReconcile(UUID idempotencyKey, UUID leaseId, String mallId, String holderId, int tokens,
                             Duration ttl, int used, int exited) {
    public LeaseReconcile {
        LeaseFields.common(idempotencyKey, mallId, holderId);
        Fields.present("lease_id", leaseId);
        LeaseFields.tokens(tokens);
        LeaseFields.ttl(ttl);
        Fields.notNegative("used", used);
        Fields.notNegative("exited", exited);
    }
}
