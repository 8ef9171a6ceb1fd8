package dev.outpost.api.lease;

import dev.outpost.api.json.Fields;
import java.time.Duration;
import java.util.UUID;

final class LeaseFields {
    private LeaseFields() {
    }

    static void common(UUID idempotencyKey, String mallId, String holderId) {
        Fields.present("idempotency_key", idempotencyKey);
        Fields.nonBlank("mall_id", mallId);
        Fields.nonBlank("holder_id", holderId);
    }

    static void tokens(int tokens) {
        Fields.positive("tokens", tokens);
    }

    static void ttl(Duration ttl) {
        Fields.positive("ttl", ttl);
    }
}
