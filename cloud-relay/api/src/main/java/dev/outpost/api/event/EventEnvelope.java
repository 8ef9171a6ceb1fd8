package dev.outpost.api.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.json.Fields;
import dev.outpost.api.json.InvalidFieldException;
import java.time.Instant;
import java.util.UUID;

/**
 * One event, minted on the device that observed it. {@code event_id} is a UUIDv7 (the relay
 * de-duplicates on it); {@code sequence} counts the device's events, so gaps are visible;
 * {@code payload} is a JSON object whose shape depends on {@code type}.
 */
public record EventEnvelope(UUID eventId, String siteId, String deviceId, String type, Instant occurredAt,
                            long sequence, JsonNode payload) {
    public EventEnvelope {
        Fields.present("event_id", eventId);
        if (eventId.version() != 7) {
            throw new InvalidFieldException("event_id", "must be a UUIDv7, was version " + eventId.version()
                    + " (" + eventId + ")");
        }
        Fields.nonBlank("site_id", siteId);
        Fields.nonBlank("device_id", deviceId);
        Fields.nonBlank("type", type);
        Fields.present("occurred_at", occurredAt);
        Fields.notNegative("sequence", sequence);
        Fields.present("payload", payload);
        if (!payload.isObject()) {
            throw new InvalidFieldException("payload", "must be a JSON object, was " + payload.getNodeType());
        }
        payload = payload.deepCopy();
    }

    @Override
    public JsonNode payload() {
        return payload.deepCopy();
    }
}
