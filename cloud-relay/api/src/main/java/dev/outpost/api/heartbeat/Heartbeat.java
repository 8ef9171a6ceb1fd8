package dev.outpost.api.heartbeat;

import dev.outpost.api.json.Document;
import dev.outpost.api.json.Fields;
import java.time.Instant;
import java.util.List;

/**
 * {@code POST /v1/sites/{site}/heartbeat}: what the appliance sees on its site. {@code sent_at} is
 * the appliance's clock, so the relay can report the skew; {@code cache_bytes} is the blob cache size.
 */
@Document("heartbeat")
public record Heartbeat(String siteId, Instant sentAt, String applianceVersion, List<DeviceStatus> devices,
                        List<String> anomalies, long cacheBytes) {
    public Heartbeat {
        Fields.nonBlank("site_id", siteId);
        Fields.present("sent_at", sentAt);
        Fields.nonBlank("appliance_version", applianceVersion);
        devices = Fields.list("devices", devices);
        anomalies = Fields.nonBlankList("anomalies", anomalies);
        Fields.notNegative("cache_bytes", cacheBytes);
    }
}
