package dev.outpost.api.lease;

import dev.outpost.api.json.Document;
import dev.outpost.api.json.Fields;
import java.time.Duration;
import java.util.UUID;

/**
 * The grantor's answer to an acquire or renew: lease {@code lease_id} of {@code tokens} rights
 * (possibly fewer than asked) for {@code ttl}. The holder measures the ttl on its own monotonic
 * clock from when it asked, the grantor from when it granted plus a margin, so the holder always
 * stops first.
 */
@Document("lease_grant")
public record LeaseGrant(UUID idempotencyKey, UUID leaseId, String mallId, String holderId, int tokens,
                         Duration ttl) {
    public LeaseGrant {
        LeaseFields.common(idempotencyKey, mallId, holderId);
        Fields.present("lease_id", leaseId);
        LeaseFields.tokens(tokens);
        LeaseFields.ttl(ttl);
    }
}
