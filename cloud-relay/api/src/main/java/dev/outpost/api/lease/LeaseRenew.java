package dev.outpost.api.lease;

import dev.outpost.api.json.Document;
import dev.outpost.api.json.Fields;
import java.time.Duration;
import java.util.UUID;

/** Extends lease {@code lease_id} for another {@code ttl}, asking to hold {@code tokens} unspent rights from now on. */
@Document("lease_renew")
public record LeaseRenew(UUID idempotencyKey, UUID leaseId, String mallId, String holderId, int tokens,
                         Duration ttl) {
    public LeaseRenew {
        LeaseFields.common(idempotencyKey, mallId, holderId);
        Fields.present("lease_id", leaseId);
        LeaseFields.tokens(tokens);
        LeaseFields.ttl(ttl);
    }
}
