package dev.outpost.api.lease;

import dev.outpost.api.json.Document;
import dev.outpost.api.json.Fields;
import java.util.UUID;

/** Ends lease {@code lease_id}, handing back {@code tokens} unspent rights (0 when all were used). */
@Document("lease_release")
public record LeaseRelease(UUID idempotencyKey, UUID leaseId, String mallId, String holderId, int tokens) {
    public LeaseRelease {
        LeaseFields.common(idempotencyKey, mallId, holderId);
        Fields.present("lease_id", leaseId);
        Fields.notNegative("tokens", tokens);
    }
}
