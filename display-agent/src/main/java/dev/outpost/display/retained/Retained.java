package dev.outpost.display.retained;

import dev.outpost.api.json.ContractException;
import dev.outpost.api.json.Json;
import dev.outpost.site.message.Messages;
import dev.outpost.site.mqtt.SiteMqttClient;
import java.util.Optional;
import org.tinylog.Logger;

/**
 * The last message of one type heard on a retained topic of the site (a kitchen station's tickets, the lobby board):
 * a screen that boots hears the current one at once. A message that breaks the contract is dropped with a warning and
 * the one heard before stays.
 */
public final class Retained<T> implements AutoCloseable {
    private final String device;
    private final String topic;
    private final Class<T> type;
    private final SiteMqttClient mqtt;
    private volatile T heard;

    private Retained(String device, String topic, Class<T> type, SiteMqttClient mqtt) {
        this.device = device;
        this.topic = topic;
        this.type = type;
        this.mqtt = mqtt;
    }

    public static <T> Retained<T> listen(String device, String topic, Class<T> type, SiteMqttClient mqtt) {
        Retained<T> retained = new Retained<>(device, topic, type, mqtt);
        mqtt.subscribe(topic, 1, (t, payload) -> retained.receive(payload));
        return retained;
    }

    /** The message heard last; empty until the appliance has published one. */
    public Optional<T> heard() {
        return Optional.ofNullable(heard);
    }

    private void receive(byte[] payload) {
        try {
            heard = Messages.decode(payload, type);
        } catch (ContractException e) {
            Logger.warn("display {}: {} on '{}' dropped, keeping the one heard before: {}", device,
                    Json.documentName(type), topic, e.getMessage());
        }
    }

    @Override
    public void close() {
        mqtt.unsubscribe(topic);
    }
}
