package dev.outpost.site.message;

import dev.outpost.api.json.Document;
import java.util.UUID;

/**
 * Appliance → device, retained on {@code Topics.flipDecision(site, device)}: COMMIT (sent at the activation instant,
 * three times 100 ms apart) or ABORT with the reason. Retained, so a device that prepared late or reconnects learns
 * the outcome of its last flip at once and catches up; a decision for another flip than the one staged is ignored.
 */
@Document("flip_decision")
public record FlipDecision(UUID flipId, FlipVerdict verdict, String reason) {

    public FlipDecision {
        Check.present("flip_id", flipId);
        Check.present("verdict", verdict);
        Check.text("reason", reason);
    }

    public static FlipDecision commit(UUID flipId) {
        return new FlipDecision(flipId, FlipVerdict.COMMIT, "commit");
    }

    public static FlipDecision abort(UUID flipId, String reason) {
        return new FlipDecision(flipId, FlipVerdict.ABORT, reason);
    }
}
