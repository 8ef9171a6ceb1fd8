package dev.outpost.appliance.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.outpost.api.heartbeat.DeviceStatus;
import dev.outpost.hal.time.ManualTime;
import dev.outpost.site.message.DeviceHeartbeat;
import dev.outpost.site.message.Presence;
import dev.outpost.site.message.PresenceState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceRegistryTest {
    private final ManualTime time = ManualTime.at(Instant.parse("2026-11-21T06:00:00Z"));
    private final DeviceRegistry registry = new DeviceRegistry("store-1", time, Duration.ofSeconds(30));

    private static List<String> states(List<DeviceStatus> devices) {
        return devices.stream().map(d -> d.deviceId() + "=" + d.state()).toList();
    }

    @Test
    void presenceThenHeartbeatsThenLastWill() {
        registry.onPresence(new Presence("board-1", "board", "1.0", PresenceState.ONLINE, time.instant()));
        assertEquals(List.of("board-1=ONLINE"), states(registry.snapshot()));
        registry.onHeartbeat(new DeviceHeartbeat("board-1", "board", "1.0", "RUNNING", time.instant(), 1));
        assertEquals(List.of("board-1=RUNNING"), states(registry.snapshot()));
        registry.onPresence(new Presence("board-1", "board", "1.0", PresenceState.OFFLINE, time.instant()));
        assertEquals(List.of("board-1=OFFLINE"), states(registry.snapshot()));
    }

    @Test
    void aSilentDeviceGoesStaleOnTheAppliancesClock() {
        // the device's own clock is a year off; only the appliance's receive time counts
        registry.onHeartbeat(new DeviceHeartbeat("gate-1", "gate", "1.0", "RUNNING", Instant.parse("2027-11-21T06:00:00Z"), 1));
        time.advance(Duration.ofSeconds(30));
        assertEquals(List.of("gate-1=RUNNING"), states(registry.snapshot()));
        time.advance(Duration.ofSeconds(1));
        assertEquals(List.of("gate-1=STALE"), states(registry.snapshot()));
        assertEquals(Instant.parse("2026-11-21T06:00:00Z"), registry.snapshot().get(0).lastSeen());
    }

    @Test
    void devicesAreListedInIdOrderWithTheirRoleAndVersion() {
        registry.onHeartbeat(new DeviceHeartbeat("pos-1", "pos", "1.1", "RUNNING", time.instant(), 1));
        registry.onHeartbeat(new DeviceHeartbeat("board-1", "board", "1.0", "RUNNING", time.instant(), 1));
        List<DeviceStatus> devices = registry.snapshot();
        assertEquals(List.of("board-1", "pos-1"), devices.stream().map(DeviceStatus::deviceId).toList());
        assertEquals("pos", devices.get(1).role());
        assertEquals("1.1", devices.get(1).version());
    }
}
