package dev.outpost.api.lease;

import dev.outpost.api.json.Document;
import dev.outpost.api.json.Fields;
import java.util.UUID;

/**
 * Ends lease {@code lease_id} with the holder's final cumulative {@code used} admissions and {@code exited}
 * confirmed exits; every right not used is handed back. {@code recounts} and {@code pre_exited}: as in
 * {@link LeaseRenew}.
 */
@Document("lease_release")
public record LeaseRelease(UUID idempotencyKey, UUID leaseId, String mallId, String holderId, int used, int exited,
                           long recounts, int preExited) {
    public LeaseRelease {
        LeaseFields.common(idempotencyKey, mallId, holderId);
        Fields.present("lease_id", leaseId);
        Fields.notNegative("used", used);
        Fields.notNegative("exited", exited);
        LeaseFields.recounts(recounts, exited, preExited);
    }
}
