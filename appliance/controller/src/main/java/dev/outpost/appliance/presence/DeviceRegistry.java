package dev.outpost.appliance.presence;

import dev.outpost.api.heartbeat.DeviceStatus;
import dev.outpost.site.message.DeviceHeartbeat;
import dev.outpost.site.message.Presence;
import dev.outpost.site.message.PresenceState;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.tinylog.Logger;

/**
 * Which devices of this site are present, from their retained presence messages (a last will marks a device
 * that vanished OFFLINE) and their heartbeats. Times are the appliance's own, so a device's wrong clock cannot
 * make it look fresh.
 */
public final class DeviceRegistry {
    private final String siteId;
    private final InstantSource clock;
    private final Duration staleAfter;
    private final ConcurrentMap<String, Entry> devices = new ConcurrentHashMap<>();

    public DeviceRegistry(String siteId, InstantSource clock, Duration staleAfter) {
        this.siteId = siteId;
        this.clock = clock;
        this.staleAfter = staleAfter;
    }

    /** Records a presence message; returns true when it changes whether the device is present. */
    public boolean onPresence(Presence presence) {
        Instant now = clock.instant();
        boolean[] changed = {false};
        devices.compute(presence.deviceId(), (id, old) -> {
            if (old == null || old.presence() != presence.state()) {
                Logger.info("site {}: device {} ({}) is {}", siteId, id, presence.role(), presence.state());
                changed[0] = true;
            }
            String state = old == null ? presence.state().name() : old.state();
            return new Entry(id, presence.role(), presence.version(), presence.state(),
                    presence.state() == PresenceState.OFFLINE ? PresenceState.OFFLINE.name() : state, now);
        });
        return changed[0];
    }

    public void onHeartbeat(DeviceHeartbeat heartbeat) {
        Instant now = clock.instant();
        devices.compute(heartbeat.deviceId(), (id, old) -> new Entry(id, heartbeat.role(), heartbeat.version(),
                PresenceState.ONLINE, heartbeat.state(), now));
    }

    /** Whether {@code device} is online and heard from lately (neither OFFLINE nor STALE). */
    public boolean isPresent(String device) {
        Entry e = devices.get(device);
        return e != null && e.presence() == PresenceState.ONLINE
                && Duration.between(e.lastSeen(), clock.instant()).compareTo(staleAfter) <= 0;
    }

    /** Every device this site has seen, with its state as the relay should show it. */
    public List<DeviceStatus> snapshot() {
        Instant now = clock.instant();
        return devices.values().stream()
                .sorted(Comparator.comparing(Entry::deviceId))
                .map(e -> new DeviceStatus(e.deviceId(), e.role(), e.version(), e.stateAt(now, staleAfter), e.lastSeen()))
                .toList();
    }

    private record Entry(String deviceId, String role, String version, PresenceState presence, String state, Instant lastSeen) {
        String stateAt(Instant now, Duration staleAfter) {
            if (presence == PresenceState.OFFLINE) {
                return PresenceState.OFFLINE.name();
            }
            return Duration.between(lastSeen, now).compareTo(staleAfter) > 0 ? "STALE" : state;
        }
    }
}
