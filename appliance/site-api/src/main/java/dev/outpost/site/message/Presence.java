package dev.outpost.site.message;

import dev.outpost.api.json.Document;
import java.time.Instant;

/**
 * Retained on {@code Topics.presence(site, device)}. A device publishes ONLINE after connecting and registers an
 * OFFLINE copy as its last will; the will is built at connect time, so {@code at} of a will-published OFFLINE is
 * when the connection was made, not when it was lost (use the receive time for that).
 */
@Document("presence")
public record Presence(String deviceId, String role, String version, PresenceState state, Instant at)
        implements DeviceMessage {

    public Presence {
        Check.id("device_id", deviceId);
        Check.text("role", role);
        Check.text("version", version);
        Check.present("state", state);
        Check.present("at", at);
    }

    public Presence withState(PresenceState newState, Instant newAt) {
        return new Presence(deviceId, role, version, newState, newAt);
    }
}
