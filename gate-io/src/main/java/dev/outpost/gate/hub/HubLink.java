package dev.outpost.gate.hub;

import dev.outpost.site.message.GateJournal;
import dev.outpost.site.message.GateJournalAck;
import dev.outpost.site.message.GateLeaseAsk;
import dev.outpost.site.message.GateLeaseGrant;
import dev.outpost.site.message.MallStatus;
import dev.outpost.site.message.Messages;
import dev.outpost.site.mqtt.SiteMqttClient;
import dev.outpost.site.topic.Topics;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * A gate's side of the LAN contract with its hub: it subscribes to the retained mall status, its lease grants and its
 * journal acks, and publishes its asks and journal batches (QoS 1, not retained).
 *
 * <p>Nothing here blocks: {@link SiteMqttClient#publish} hands the message to the client and returns (failing at once
 * while disconnected; nothing is queued across a disconnect), so the gate's loop may call it. What is lost is made
 * good by the sender: an ask is sent again after its timeout, a journal batch until it is acknowledged. A payload that
 * does not decode is logged and dropped; the gate keeps working on what it knew.
 */
public final class HubLink {
    private static final int QOS = 1;

    private final SiteMqttClient mqtt;
    private final String siteId;
    private final String gateId;

    public HubLink(SiteMqttClient mqtt, String siteId, String gateId) {
        this.mqtt = mqtt;
        this.siteId = siteId;
        this.gateId = gateId;
    }

    /** Subscribes; the client subscribes again after every reconnect, and the broker resends the retained status. */
    public void listen(HubListener listener) {
        subscribe(Topics.mode(siteId), MallStatus.class, listener::mallStatus);
        subscribe(Topics.gateLeaseGrant(siteId, gateId), GateLeaseGrant.class, listener::grant);
        subscribe(Topics.gateJournalAck(siteId, gateId), GateJournalAck.class, listener::journalAcked);
    }

    public boolean connected() {
        return mqtt.isConnected();
    }

    /** @return false when not connected, so not sent (the gate asks again after its timeout) */
    public boolean ask(GateLeaseAsk ask) {
        return publish(Topics.gateLeaseAsk(siteId, gateId), ask, "ask " + ask.askId());
    }

    /** @return false when not connected, so not sent */
    public boolean forward(GateJournal batch) {
        return publish(Topics.gateJournal(siteId, gateId), batch, "journal #" + batch.events().getFirst().sequence()
                + "..#" + batch.events().getLast().sequence());
    }

    private boolean publish(String topic, Object message, String what) {
        if (!mqtt.isConnected()) {
            return false;
        }
        mqtt.publish(topic, Messages.encode(message), QOS, false).whenComplete((ok, e) -> {
            if (e != null) {
                Logger.warn("gate {}: {} not sent to the hub: {}", gateId, what, e.getMessage());
            }
        });
        return true;
    }

    private <T> void subscribe(String topic, Class<T> type, Consumer<T> to) {
        mqtt.subscribe(topic, QOS, (on, payload) -> {
            T message;
            try {
                message = Messages.decode(payload, type);
            } catch (RuntimeException e) {
                Logger.warn("gate {}: ignored a malformed message on {} ({} bytes): {}", gateId, on, payload.length,
                        e.getMessage());
                return;
            }
            to.accept(message);
        }).whenComplete((ok, e) -> {
            if (e != null) {
                Logger.error("gate {}: cannot subscribe to {}: {}", gateId, topic, e.getMessage());
            }
        });
    }
}
