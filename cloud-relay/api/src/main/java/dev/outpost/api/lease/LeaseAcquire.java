package dev.outpost.api.lease;

import dev.outpost.api.json.Document;
import dev.outpost.api.json.Fields;
import java.time.Duration;
import java.util.UUID;

/**
 * A holder (a site appliance, or a gate asking its appliance) asks for {@code tokens} admission
 * rights in {@code mall_id} for {@code ttl}. Resending the same {@code idempotency_key} returns the
 * same grant instead of a second one. {@code recounts} is the latest operator recount of the mall the holder knows of
 * ({@link MallState#recounts()}); exits reported on the lease are judged against it (see {@link LeaseRenew}).
 */
@Document("lease_acquire")
public record LeaseAcquire(UUID idempotencyKey, String mallId, String holderId, int tokens, Duration ttl,
                           long recounts) {
    public LeaseAcquire {
        LeaseFields.common(idempotencyKey, mallId, holderId);
        LeaseFields.tokens(tokens);
        LeaseFields.ttl(ttl);
        Fields.notNegative("recounts", recounts);
    }
}
