package dev.outpost.api.lease;

import dev.outpost.api.json.Fields;
import dev.outpost.api.json.InvalidFieldException;
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

    /** A report's recount fields: {@code pre_exited} is a part of {@code exited}. */
    static void recounts(long recounts, int exited, int preExited) {
        Fields.notNegative("recounts", recounts);
        if (preExited < 0 || preExited > exited) {
            throw new InvalidFieldException("pre_exited", "must be between 0 and exited (" + exited + "), was " + preExited);
        }
    }
}
