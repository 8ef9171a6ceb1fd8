package dev.outpost.relay.fleet;

import dev.outpost.api.heartbeat.DeviceStatus;
import java.time.Instant;
import java.util.List;

/**
 * One site in the fleet view.
 *
 * @param lastHeartbeat when the relay last heard from the site, on the relay's clock
 * @param ageSeconds    seconds since then
 * @param stale         no heartbeat for longer than fleet.stale-after
 * @param siteClock     the site's own clock when it sent that heartbeat, to spot a wrong clock
 */
public record SiteFreshness(String siteId, Instant lastHeartbeat, long ageSeconds, boolean stale, String applianceVersion,
                            Instant siteClock, List<String> anomalies, long cacheBytes, List<DeviceStatus> devices) {
}
