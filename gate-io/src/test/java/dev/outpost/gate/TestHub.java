package dev.outpost.gate;

import dev.outpost.api.password.PasswordHash;
import dev.outpost.site.broker.BrokerConfig;
import dev.outpost.site.broker.Credential;
import dev.outpost.site.broker.Role;
import dev.outpost.site.broker.SiteBroker;
import dev.outpost.site.message.DecisionSource;
import dev.outpost.site.message.GateJournal;
import dev.outpost.site.message.GateJournalAck;
import dev.outpost.site.message.GateLeaseAsk;
import dev.outpost.site.message.GateLeaseGrant;
import dev.outpost.site.message.MallStatus;
import dev.outpost.site.message.Messages;
import dev.outpost.site.mqtt.ClientConfig;
import dev.outpost.site.mqtt.SiteMqttClient;
import dev.outpost.site.topic.Topics;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A site broker on 127.0.0.1 and the hub's side of the gate contract, played by hand: it answers every ask (three
 * rights while the gate wants some, a refusal when it wants none) and collects the journal batches for the test to
 * acknowledge.
 */
final class TestHub implements AutoCloseable {
    static final String SITE = "mall-0001";
    static final String GATE = "gate-1";
    static final String GATE_PASSWORD = "gate-1-pw";
    static final Duration WAIT = Duration.ofSeconds(20);

    private final SiteBroker broker;
    private final SiteMqttClient hub;
    private final LinkedBlockingQueue<GateLeaseAsk> asks = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<GateJournal> journals = new LinkedBlockingQueue<>();
    private long epoch;

    TestHub() {
        broker = SiteBroker.start(new BrokerConfig(SITE, "127.0.0.1", 0, Optional.empty(),
                BrokerConfig.DEFAULT_MAX_MESSAGE_BYTES, Map.of(
                "hub", new Credential(Role.APPLIANCE, PasswordHash.hash("hub-pw".toCharArray(), PasswordHash.MIN_ITERATIONS)),
                GATE, new Credential(Role.DEVICE, PasswordHash.hash(GATE_PASSWORD.toCharArray(), PasswordHash.MIN_ITERATIONS)))));
        hub = SiteMqttClient.connect(new ClientConfig(brokerUrl(), "hub", "hub", "hub-pw".toCharArray(), Optional.empty(),
                Duration.ofSeconds(2), Duration.ofMillis(50), Duration.ofMillis(400), Duration.ofSeconds(5)));
        await(hub.connected());
        await(hub.subscribe(Topics.gateLeaseAsk(SITE, GATE), 1, (topic, payload) -> {
            GateLeaseAsk ask = Messages.decode(payload, GateLeaseAsk.class);
            asks.add(ask);
            GateLeaseGrant answer = ask.want() > 0
                    ? new GateLeaseGrant(ask.askId(), ask.leaseId(), true, 3, 0, 60_000, DecisionSource.GATE_LEASE, "granted")
                    : new GateLeaseGrant(ask.askId(), ask.leaseId(), false, 0, 0, 60_000, DecisionSource.CENTRAL,
                    "the mall admits nobody");
            // not awaited: the acknowledgement comes through this very thread
            hub.publish(Topics.gateLeaseGrant(SITE, GATE), Messages.encode(answer), 1, false);
        }));
        await(hub.subscribe(Topics.gateJournal(SITE, GATE), 1,
                (topic, payload) -> journals.add(Messages.decode(payload, GateJournal.class))));
    }

    URI brokerUrl() {
        return ClientConfig.tcp("127.0.0.1", broker.port());
    }

    /** Publishes the retained mall status, as the appliance does. */
    void mall(MallStatus.Mode mode) {
        publish(Topics.mode(SITE), new MallStatus("mall-1", mode, true, 0, 1200, ++epoch, Instant.now()), true);
    }

    void ack(long through) {
        publish(Topics.gateJournalAck(SITE, GATE), new GateJournalAck(through), false);
    }

    /** Bytes that are no message at all, on one of the gate's topics. */
    void garbage(String topic) {
        await(hub.publish(topic, "{\"ask_id\": 42".getBytes(StandardCharsets.UTF_8), 1, false));
    }

    /** The next ask for rights (a gate also asks for none, to report). */
    GateLeaseAsk askForRights() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            GateLeaseAsk ask = poll(asks, "an ask for rights", deadline);
            if (ask.want() > 0) {
                return ask;
            }
        }
    }

    /** The next journal batch that holds an entry matching {@code wanted}. */
    GateJournal journalWith(String what, Predicate<GateJournal> wanted) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            GateJournal batch = poll(journals, what, deadline);
            if (wanted.test(batch)) {
                return batch;
            }
        }
    }

    void stopBroker() {
        hub.close();
        broker.close();
    }

    private void publish(String topic, Object message, boolean retained) {
        await(hub.publish(topic, Messages.encode(message), 1, retained));
    }

    private static <T> T poll(LinkedBlockingQueue<T> queue, String what, long deadline) {
        try {
            T next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError("no " + what + " within " + WAIT);
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("not done within " + WAIT + ": " + e, e);
        }
    }

    @Override
    public void close() {
        hub.close();
        // in the background: Moquette's stop closes the port at once, then waits out Netty's 2 s shutdown quiet period
        Thread.ofVirtual().name("test-broker-close").start(broker::close);
    }
}
