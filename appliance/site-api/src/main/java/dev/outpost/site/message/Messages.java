package dev.outpost.site.message;

import dev.outpost.api.json.ContractException;
import dev.outpost.api.json.Json;
import dev.outpost.site.topic.DeviceTopic;
import dev.outpost.site.topic.Topics;

/** The LAN message codec: the WAN contract's strict JSON (snake_case, ISO-8601 instants, no unknown fields). */
public final class Messages {

    private Messages() {
    }

    public static byte[] encode(Object message) {
        if (message == null) {
            throw new IllegalArgumentException("message: cannot encode null");
        }
        return Json.write(message);
    }

    /**
     * @throws ContractException naming the message and field, e.g.
     *                           {@code presence.device_id: 'A/B' must match [a-z0-9][a-z0-9-]{0,62}}
     */
    public static <T> T decode(byte[] payload, Class<T> type) {
        if (payload == null || payload.length == 0) {
            throw new ContractException(Json.documentName(type), "", "empty payload");
        }
        return Json.read(payload, type);
    }

    /**
     * Decodes a message a device published about itself and checks that the device id in it is the one in
     * {@code topic} (a clock request's, or any topic under {@code outpost/{site}/devices/{device}/}, such as a gate's
     * lease ask or journal). The broker lets a device publish only under its own id, so a message that passes names
     * its real sender.
     *
     * @throws ContractException if the payload is bad, the topic is not a device topic of {@code site}, or the ids
     *                           differ
     */
    public static <T extends DeviceMessage> T decodeFrom(String site, String topic, byte[] payload, Class<T> type) {
        String document = Json.documentName(type);
        String device = Topics.parse(topic).filter(t -> t.site().equals(site)).map(DeviceTopic::device)
                .or(() -> Topics.deviceIn(site, topic))
                .orElseThrow(() -> new ContractException(document, "", "topic '" + topic + "' is not a device topic of site "
                        + site));
        T message = decode(payload, type);
        if (!message.deviceId().equals(device)) {
            throw new ContractException(document, ".device_id", "'" + message.deviceId()
                    + "' differs from the device '" + device + "' of topic '" + topic + "'");
        }
        return message;
    }
}
