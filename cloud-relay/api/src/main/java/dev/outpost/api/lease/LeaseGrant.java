package dev.outpost.api.lease;

import dev.outpost.api.json.Document;
import dev.outpost.api.json.Fields;
import java.time.Duration;
import java.util.UUID;

/**
 * The grantor's answer to an acquire or renew: the holder may now hold {@code tokens} unspent rights of lease
 * {@code lease_id} (possibly fewer than asked, 0 when everything is revoked) for {@code ttl}. {@code revoked} is
 * how many of the rights it held the grantor took back (a capacity cut, a mode other than NORMAL): the holder
 * must stop using them at once. The holder measures the ttl on its own monotonic clock from when it asked, the
 * grantor from when it granted plus a margin, so the holder always stops first.
 */
@Document("lease_grant")
public record LeaseGrant(UUID idempotencyKey, UUID leaseId, String mallId, String holderId, int tokens, int revoked,
                         Duration ttl) {
    public LeaseGrant {
        LeaseFields.common(idempotencyKey, mallId, holderId);
        Fields.present("lease_id", leaseId);
        Fields.notNegative("tokens", tokens);
        Fields.notNegative("revoked", revoked);
        LeaseFields.ttl(ttl);
    }
}
