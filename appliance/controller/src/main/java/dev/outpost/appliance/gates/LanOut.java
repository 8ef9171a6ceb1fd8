package dev.outpost.appliance.gates;

import dev.outpost.site.message.GateJournalAck;
import dev.outpost.site.message.GateLeaseGrant;
import dev.outpost.site.message.MallStatus;
import dev.outpost.site.message.Messages;
import dev.outpost.site.mqtt.SiteMqttClient;
import dev.outpost.site.topic.Topics;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * What the hub says to its gates, published over MQTT from a thread of its own, so an unhappy broker never holds
 * up the hub. Answers (grants, journal acks) go once at QoS 1: a gate that misses one asks or sends again. The mall
 * status is retained, and the latest one is published again until the broker has it, and after every reconnect.
 */
final class LanOut implements AutoCloseable {
    static final Duration STATUS_RETRY = Duration.ofSeconds(1);

    private final String siteId;
    private final SiteMqttClient mqtt;
    private final ScheduledExecutorService sender;
    private MallStatus status; // confined to the sender thread
    private boolean statusRetryDue;

    LanOut(String siteId, SiteMqttClient mqtt) {
        this.siteId = siteId;
        this.mqtt = mqtt;
        this.sender = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hub-lan-" + siteId);
            t.setDaemon(true);
            return t;
        });
        mqtt.onConnectionChange(up -> {
            if (up) {
                run(this::sendStatus);
            }
        });
    }

    void grant(String gate, GateLeaseGrant grant) {
        run(() -> answer(Topics.gateLeaseGrant(siteId, gate), Messages.encode(grant)));
    }

    void ack(String gate, GateJournalAck ack) {
        run(() -> answer(Topics.gateJournalAck(siteId, gate), Messages.encode(ack)));
    }

    void status(MallStatus latest) {
        run(() -> {
            status = latest;
            sendStatus();
        });
    }

    private void answer(String topic, byte[] payload) {
        mqtt.publish(topic, payload, 1, false).whenComplete((ok, error) -> {
            if (error != null) {
                Logger.debug("hub {}: {} not delivered (the gate asks again): {}", siteId, topic, error.getMessage());
            }
        });
    }

    private void sendStatus() {
        MallStatus sending = status;
        if (sending == null) {
            return;
        }
        mqtt.publish(Topics.mode(siteId), Messages.encode(sending), 1, true).whenComplete((ok, error) -> {
            if (error != null) {
                run(() -> retryStatus(sending, error));
            }
        });
    }

    private void retryStatus(MallStatus failed, Throwable error) {
        if (failed != status || statusRetryDue) {
            return; // a newer status is on its way, or a retry is already due
        }
        Logger.debug("hub {}: mall status epoch {} not retained yet, trying again in {} ms: {}", siteId, failed.epoch(),
                STATUS_RETRY.toMillis(), error.getMessage());
        statusRetryDue = true;
        try {
            sender.schedule(() -> {
                statusRetryDue = false;
                sendStatus();
            }, STATUS_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    private void run(Runnable task) {
        try {
            sender.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    Logger.error(e, "hub {}: publishing to the gates failed", siteId);
                }
            });
        } catch (RejectedExecutionException e) {
            // closed: the gates hear from the next hub
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
    }
}
