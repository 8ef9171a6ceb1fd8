package dev.outpost.site.clock;

import dev.outpost.api.json.ContractException;
import dev.outpost.site.message.ClockReply;
import dev.outpost.site.message.ClockRequest;
import dev.outpost.site.message.Messages;
import dev.outpost.site.mqtt.SiteMqttClient;
import dev.outpost.site.topic.Ids;
import dev.outpost.site.topic.Topics;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.tinylog.Logger;

/**
 * The appliance side of the site clock: answers every device's {@link ClockRequest} with t2 (received) and t3
 * (replying) on the appliance clock. Replies go out at QoS 0: a retransmitted reply would carry a stale t3 and
 * poison the sample, while a lost one costs only that sample.
 */
public final class ClockServer implements AutoCloseable {

    private final SiteMqttClient mqtt;
    private final String site;
    private final InstantSource clock;
    private final String filter;
    private final CompletableFuture<Void> subscribed;
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    private ClockServer(SiteMqttClient mqtt, String site, InstantSource clock) {
        this.mqtt = mqtt;
        this.site = Ids.site(site);
        this.clock = clock;
        this.filter = Topics.allClockRequests(site);
        this.subscribed = mqtt.subscribe(filter, 0, this::onRequest);
    }

    /** Subscribes on {@code mqtt} (an appliance connection) and answers until closed. */
    public static ClockServer start(SiteMqttClient mqtt, String site, InstantSource clock) {
        if (mqtt == null || clock == null) {
            throw new IllegalArgumentException("site " + site + ": clock server needs an MQTT client and a clock");
        }
        return new ClockServer(mqtt, site, clock);
    }

    /** Completes once the broker granted the subscription to clock requests. */
    public CompletableFuture<Void> ready() {
        return subscribed;
    }

    /** Replies written to the broker; a reply counts once written, so its device may have read it already. */
    public long answered() {
        return answered.get();
    }

    public long rejected() {
        return rejected.get();
    }

    private void onRequest(String topic, byte[] payload) {
        Instant t2 = clock.instant();
        ClockRequest request;
        try {
            request = Messages.decodeFrom(site, topic, payload, ClockRequest.class);
        } catch (ContractException e) {
            rejected.incrementAndGet();
            Logger.warn("site {}: clock request on '{}' dropped: {}", site, topic, e.getMessage());
            return;
        }
        byte[] reply = Messages.encode(ClockReply.answering(request, t2, clock.instant()));
        mqtt.publish(Topics.clockReply(site, request.deviceId()), reply, 0, false).whenComplete((ok, error) -> {
            if (error != null) {
                Logger.debug("site {}: clock reply to {} not sent: {}", site, request.deviceId(), error.getMessage());
            } else {
                answered.incrementAndGet();
            }
        });
    }

    @Override
    public void close() {
        mqtt.unsubscribe(filter);
    }
}
