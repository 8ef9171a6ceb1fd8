package dev.outpost.api.lease;

import dev.outpost.api.json.Document;
import java.time.Duration;
import java.util.UUID;

/**
 * A holder (a site appliance, or a gate asking its appliance) asks for {@code tokens} admission
 * rights in {@code mall_id} for {@code ttl}. Resending the same {@code idempotency_key} returns the
 * same grant instead of a second one.
 */
@Document("lease_acquire")
public record LeaseAcquire(UUID idempotencyKey, String mallId, String holderId, int tokens, Duration ttl) {
    public LeaseAcquire {
        LeaseFields.common(idempotencyKey, mallId, holderId);
        LeaseFields.tokens(tokens);
        LeaseFields.ttl(ttl);
    }
}
