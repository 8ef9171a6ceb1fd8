package dev.outpost.api.lease;

import dev.outpost.api.json.Document;
import dev.outpost.api.json.Fields;
import java.time.Duration;
import java.util.UUID;

/**
 * Extends lease {@code lease_id} for another {@code ttl}, asking to hold {@code tokens} unspent rights from now
 * on, and reports the holder's cumulative {@code used} admissions and {@code exited} confirmed exits on this lease
 * (cumulative, so a lost report is made good by the next one).
 *
 * <p>{@code recounts} is the latest operator recount of the mall the holder knows of ({@link MallState#recounts()}),
 * and {@code pre_exited} how many of {@code exited} were seen by a gate that did not yet know of that recount. Those
 * exits happened before the count the operator took, or may have: they give the holder its rights back but do not
 * lower the recounted count. Every exit reported while the holder knows only of an older recount counts as such.
 */
@Document("lease_renew")
public record LeaseRenew(UUID idempotencyKey, UUID leaseId, String mallId, String holderId, int tokens,
                         Duration ttl, int used, int exited, long recounts, int preExited) {
    public LeaseRenew {
        LeaseFields.common(idempotencyKey, mallId, holderId);
        Fields.present("lease_id", leaseId);
        Fields.notNegative("tokens", tokens);
        LeaseFields.ttl(ttl);
        Fields.notNegative("used", used);
        Fields.notNegative("exited", exited);
        LeaseFields.recounts(recounts, exited, preExited);
    }
}
