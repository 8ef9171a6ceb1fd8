package dev.outpost.api.lease;

import dev.outpost.api.json.Document;
import dev.outpost.api.json.Fields;
import java.util.UUID;

/**
 * The grantor's answer to a release or reconcile: lease {@code lease_id} is now in {@code state} (ACTIVE, CLOSED)
 * with {@code tokens} unspent rights still held; {@code count_correction} is how much the mall's count moved beyond
 * what the report itself says (negative when a reclaim that counted every right as used is corrected, or when
 * exits the count never saw were ignored to keep it from going negative).
 */
@Document("lease_settled")
public record LeaseSettled(UUID idempotencyKey, UUID leaseId, String mallId, String holderId, String state, int tokens,
                           long countCorrection) {
    public LeaseSettled {
        LeaseFields.common(idempotencyKey, mallId, holderId);
        Fields.present("lease_id", leaseId);
        Fields.nonBlank("state", state);
        Fields.notNegative("tokens", tokens);
    }
}
