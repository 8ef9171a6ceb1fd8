package dev.outpost.site.message;

import dev.outpost.api.json.Document;
import java.time.Instant;

/**
 * Periodic, on {@code Topics.heartbeat(site, device)}. {@code state} is the device's own word for what it is doing
 * (e.g. {@code showing}, {@code lkg}, {@code fire-open}); {@code sequence} increases by one per heartbeat since the
 * device started, so the appliance sees gaps and restarts (sequence back to 0).
 */
@Document("device_heartbeat")
public record DeviceHeartbeat(String deviceId, String role, String version, String state, Instant sentAt,
                              long sequence) implements DeviceMessage {

    public DeviceHeartbeat {
        Check.id("device_id", deviceId);
        Check.text("role", role);
        Check.text("version", version);
        Check.text("state", state);
        Check.present("sent_at", sentAt);
        Check.notNegative("sequence", sequence);
    }
}
