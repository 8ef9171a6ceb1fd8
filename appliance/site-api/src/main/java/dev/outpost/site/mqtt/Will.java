package dev.outpost.site.mqtt;

import java.util.Arrays;

/** The message the broker publishes for a client whose connection is lost without a DISCONNECT. */
public record Will(String topic, byte[] payload, int qos, boolean retained) {

    public Will {
        if (topic == null || topic.isEmpty() || topic.contains("+") || topic.contains("#")) {
            throw new IllegalArgumentException("mqtt will: topic '" + topic + "' must be a topic name without wildcards");
        }
        if (payload == null) {
            throw new IllegalArgumentException("mqtt will on '" + topic + "': payload must not be null");
        }
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("mqtt will on '" + topic + "': qos must be 0, 1 or 2, was " + qos);
        }
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Will w && w.topic.equals(topic) && Arrays.equals(w.payload, payload) && w.qos == qos
                && w.retained == retained;
    }

    @Override
    public int hashCode() {
        return (topic.hashCode() * 31 + Arrays.hashCode(payload)) * 31 + qos * 2 + (retained ? 1 : 0);
    }

    @Override
    public String toString() {
        return "Will[" + topic + ", " + payload.length + " bytes, qos " + qos + (retained ? ", retained]" : "]");
    }
}
