package dev.outpost.site.message;

import dev.outpost.api.json.Document;
import java.time.Instant;
import java.util.UUID;

/**
 * Device → appliance, retained on {@code Topics.flipReport(site, device)}: the device swapped to {@code version_id}
 * for flip {@code flip_id} at {@code committed_at} in site time; {@code autonomous} when it did so on its own
 * (prepared, and no decision by the activation instant plus its grace). Retained, so an appliance that was down
 * at the flip still learns how it went.
 */
@Document("flip_report")
public record FlipReport(String deviceId, UUID flipId, String versionId, String sha256, Instant committedAt,
                         boolean autonomous) implements DeviceMessage {

    public FlipReport {
        Check.id("device_id", deviceId);
        Check.present("flip_id", flipId);
        Check.text("version_id", versionId);
        Check.sha256("sha256", sha256);
        Check.present("committed_at", committedAt);
    }
}
