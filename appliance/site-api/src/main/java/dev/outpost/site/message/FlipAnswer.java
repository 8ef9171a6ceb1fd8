package dev.outpost.site.message;

import dev.outpost.api.json.Document;
import java.util.UUID;

/**
 * Device → appliance on {@code Topics.flipAnswer(site, device)}: PREPARED, or ABORT with the reason in words
 * (e.g. {@code blob sha256 mismatch: got 3f2a…}); {@code reason} of a PREPARED says what was staged.
 */
@Document("flip_answer")
public record FlipAnswer(String deviceId, UUID flipId, FlipOutcome outcome, String reason) implements DeviceMessage {

    public FlipAnswer {
        Check.id("device_id", deviceId);
        Check.present("flip_id", flipId);
        Check.present("outcome", outcome);
        Check.text("reason", reason);
    }
}
