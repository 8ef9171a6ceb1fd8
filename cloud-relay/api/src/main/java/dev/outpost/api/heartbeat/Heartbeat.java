package dev.outpost.api.heartbeat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.json.Document;
import dev.outpost.api.json.Fields;
import dev.outpost.api.json.Json;
import java.time.Instant;
import java.util.List;

/**
 * {@code POST /v1/sites/{site}/heartbeat}: what the appliance sees on its site. {@code sent_at} is
 * the appliance's clock, so the relay can report the skew; {@code cache_bytes} is the blob cache size;
 * {@code outbox} is the backlog of events waiting for the relay, absent from appliances that predate it (and from
 * sites without an outbox). Read heartbeats with {@link #read}, which takes both shapes.
 */
@Document("heartbeat")
public record Heartbeat(String siteId, Instant sentAt, String applianceVersion, List<DeviceStatus> devices,
                        List<String> anomalies, long cacheBytes,
                        @JsonInclude(JsonInclude.Include.NON_NULL) OutboxBacklog outbox) {
    public Heartbeat {
        Fields.nonBlank("site_id", siteId);
        Fields.present("sent_at", sentAt);
        Fields.nonBlank("appliance_version", applianceVersion);
        devices = Fields.list("devices", devices);
        anomalies = Fields.nonBlankList("anomalies", anomalies);
        Fields.notNegative("cache_bytes", cacheBytes);
    }

    /** A heartbeat that reports no outbox. */
    public Heartbeat(String siteId, Instant sentAt, String applianceVersion, List<DeviceStatus> devices,
                     List<String> anomalies, long cacheBytes) {
        this(siteId, sentAt, applianceVersion, devices, anomalies, cacheBytes, null);
    }

    /**
     * Reads a heartbeat strictly, with or without {@code outbox} (the strict mapper takes no absent field, and
     * {@code "outbox": null} is refused: absent is how "not reported" is spelled).
     */
    public static Heartbeat read(byte[] json) {
        JsonNode tree = Json.tree(json, Json.documentName(Heartbeat.class));
        if (tree.isObject() && !tree.has("outbox")) {
            return Json.convert(tree, WithoutOutbox.class).heartbeat();
        }
        return Json.convert(tree, Heartbeat.class);
    }

    /** The shape before {@code outbox}. */
    @Document("heartbeat")
    private record WithoutOutbox(String siteId, Instant sentAt, String applianceVersion, List<DeviceStatus> devices,
                                 List<String> anomalies, long cacheBytes) {
        WithoutOutbox {
            // the heartbeat's checks, run inside the read so an error names the document and field as any other
            new Heartbeat(siteId, sentAt, applianceVersion, devices, anomalies, cacheBytes);
        }

        Heartbeat heartbeat() {
            return new Heartbeat(siteId, sentAt, applianceVersion, devices, anomalies, cacheBytes);
        }
    }
}
