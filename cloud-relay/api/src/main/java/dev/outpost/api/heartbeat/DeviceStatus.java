package dev.outpost.api.heartbeat;

import dev.outpost.api.json.Fields;
import java.time.Instant;

/** One device of the site as the appliance last saw it: its role (board, kiosk, pos, kds, gate…), running version and state. */
public record DeviceStatus(String deviceId, String role, String version, String state, Instant lastSeen) {
    public DeviceStatus {
        Fields.nonBlank("device_id", deviceId);
        Fields.nonBlank("role", role);
        Fields.nonBlank("version", version);
        Fields.nonBlank("state", state);
        Fields.present("last_seen", lastSeen);
    }
}
