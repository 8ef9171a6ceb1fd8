package dev.outpost.appliance.gates;

import static dev.outpost.appliance.gates.TestLan.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.client.RelayException;
import dev.outpost.api.event.EventBatch;
import dev.outpost.api.event.EventBatchResult;
import dev.outpost.api.event.EventEnvelope;
import dev.outpost.api.event.UuidV7;
import dev.outpost.api.json.Json;
import dev.outpost.appliance.Eventually;
import dev.outpost.appliance.outbox.Outbox;
import dev.outpost.site.message.GateJournal;
import dev.outpost.site.message.GateJournalAck;
import dev.outpost.site.message.GateLeaseAsk;
import dev.outpost.site.message.GateLeaseGrant;
import dev.outpost.site.message.MallStatus;
import dev.outpost.site.message.Messages;
import dev.outpost.site.mqtt.SiteMqttClient;
import dev.outpost.site.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hub service on a real site broker and a real outbox, with a relay that answers as told. */
@Tag("integration")
class HubServiceIT {
    static final String SITE = "mall-site";
    static final HubSettings SETTINGS = new HubSettings(20, 5, Duration.ofMinutes(10), Duration.ofSeconds(30),
            Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofMillis(100));

    @TempDir
    Path dir;
    final ScriptedRelay relay = new ScriptedRelay();
    final List<UUID> delivered = new CopyOnWriteArrayList<>();
    final UuidV7 ids = new UuidV7(InstantSource.system());
    TestLan lan;
    Outbox outbox;
    HubService hub;
    SiteMqttClient gate;
    final TestLan.Received<MallStatus> modes = new TestLan.Received<>();

    @BeforeEach
    void lan() {
        lan = new TestLan(SITE);
    }

    /** Starts the hub against {@link #relay} as it is scripted so far, and a gate listening to the mall status. */
    private void start() {
        outbox = Outbox.open(SITE, dir.resolve("outbox.db"), this::deliver, InstantSource.system(), System::nanoTime);
        hub = HubService.start(SITE, new GatesConfig("mall-1", SETTINGS), lan.connected("appliance"), relay, outbox,
                InstantSource.system(), System::nanoTime);
        gate = lan.connected("gate-1");
        await(gate.subscribe(Topics.mode(SITE), 1, (topic, payload) -> modes.add(Messages.decode(payload, MallStatus.class))));
    }

    private EventBatchResult deliver(EventBatch batch) {
        List<UUID> batchIds = batch.events().stream().map(EventEnvelope::eventId).toList();
        delivered.addAll(batchIds);
        return new EventBatchResult(batchIds, List.of(), List.of());
    }

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
            outbox.close();
        }
        lan.close();
    }

    private void publish(String topic, byte[] payload) {
        await(gate.publish(topic, payload, 1, false));
    }

    @Test
    void aGateReadsTheRetainedStatusAndIsGrantedFromTheSiteBlockWhileMalformedAsksAreIgnored() {
        start();
        TestLan.Received<GateLeaseGrant> grants = new TestLan.Received<>();
        await(gate.subscribe(Topics.gateLeaseGrant(SITE, "gate-1"), 1,
                (topic, payload) -> grants.add(Messages.decode(payload, GateLeaseGrant.class))));
        relay.mall("mall-1", 100, "NORMAL", "KNOWN");
        MallStatus status = modes.next();
        assertEquals(MallStatus.Mode.NORMAL, status.mode());
        assertTrue(status.countKnown());
        assertEquals(100, status.capacity());
        Eventually.until("the hub holds a block with rights to lend", () -> hub.view().blockLive() && hub.view().pool() >= 5);

        String askTopic = Topics.gateLeaseAsk(SITE, "gate-1");
        publish(askTopic, "{not json".getBytes(StandardCharsets.UTF_8));
        publish(askTopic, Messages.encode(new GateLeaseAsk("gate-2", UUID.randomUUID(), UUID.randomUUID(), 5, 0, 0, 0, 0, 0)));
        GateLeaseAsk ask = new GateLeaseAsk("gate-1", UUID.randomUUID(), UUID.randomUUID(), 5, 0, 0, 0, 0, 0);
        publish(askTopic, Messages.encode(ask));
        GateLeaseGrant grant = grants.next();
        assertEquals(ask.askId(), grant.askId(), "the first answer is to the one good ask");
        assertTrue(grant.granted(), grant.reason());
        assertEquals(5, grant.tokens());
        GatesView view = hub.view();
        assertEquals(5, view.leased());
        assertEquals(1, view.gates());
        assertEquals("mall-1", view.mallId());

        relay.mall("mall-1", 100, "EVACUATE", "KNOWN");
        assertEquals(MallStatus.Mode.EVACUATE, modes.next(s -> s.mode() != MallStatus.Mode.NORMAL).mode());
        SiteMqttClient late = lan.connected("gate-2");
        TestLan.Received<MallStatus> retained = new TestLan.Received<>();
        await(late.subscribe(Topics.mode(SITE), 1, (topic, payload) -> retained.add(Messages.decode(payload, MallStatus.class))));
        assertEquals(MallStatus.Mode.EVACUATE, retained.next().mode(), "a gate that boots now reads it at once");
    }

    @Test
    void aJournalIsOnDiskBeforeItIsAcknowledgedAndReachesTheRelayOnce() throws Exception {
        start();
        TestLan.Received<GateJournalAck> acks = new TestLan.Received<>();
        await(gate.subscribe(Topics.gateJournalAck(SITE, "gate-1"), 1,
                (topic, payload) -> acks.add(Messages.decode(payload, GateJournalAck.class))));
        List<EventEnvelope> events = List.of(entry(1, "gate.admit", Map.of("source", "GATE_LEASE")),
                entry(2, "gate.admit", Map.of("source", "GATE_LEASE")), entry(3, "gate.exit", Map.of("count", 1)));
        byte[] journal = Messages.encode(new GateJournal("gate-1", events));
        publish(Topics.gateJournal(SITE, "gate-1"), journal);
        assertEquals(3, acks.next().throughSequence());
        assertEquals(3, storedOf(events), "every entry was committed when the ack went out");

        publish(Topics.gateJournal(SITE, "gate-1"), journal);
        assertEquals(3, acks.next().throughSequence(), "sent again (the ack was lost): acknowledged again");
        Eventually.until("the relay has them", () -> delivered.size() >= 3 && hub.view().outbox().pending() == 0);
        assertEquals(events.stream().map(EventEnvelope::eventId).toList(), delivered, "once each, in order");
    }

    @Test
    void aGateThatSeesAFireSuspendsEntriesUntilARecount() {
        start();
        relay.mall("mall-1", 100, "NORMAL", "KNOWN");
        assertTrue(modes.next().countKnown());
        TestLan.Received<GateJournalAck> acks = new TestLan.Received<>();
        await(gate.subscribe(Topics.gateJournalAck(SITE, "gate-1"), 1,
                (topic, payload) -> acks.add(Messages.decode(payload, GateJournalAck.class))));
        publish(Topics.gateJournal(SITE, "gate-1"), Messages.encode(new GateJournal("gate-1", List.of(
                entry(1, "gate.state", Map.of("from", "NORMAL", "to", "FIRE_OPEN", "reason", "fire loop open"))))));
        assertEquals(1, acks.next().throughSequence());
        MallStatus afterFire = modes.next();
        assertFalse(afterFire.countKnown());
        assertEquals(MallStatus.Mode.NORMAL, afterFire.mode());

        relay.mall("mall-1", 100, "FIRE", "UNKNOWN");
        assertEquals(MallStatus.Mode.FIRE, modes.next().mode());
        relay.mall("mall-1", 100, "NORMAL", "KNOWN", 1); // an operator recounted
        MallStatus recounted = modes.next();
        assertTrue(recounted.countKnown());
        assertEquals(1, recounted.recounts());
    }

    @Test
    void aRefusalLeavesTheRelayReachableAndAFailureDoesNot() {
        relay.answer.set(request -> {
            throw new RelayException(409, "relay https://relay: POST /v1/sites/mall-site/blocks: 409 mall mall-1: admissions"
                    + " suspended, mode is EVACUATE; no tokens for site mall-site until a safety officer sets NORMAL", null);
        });
        start();
        Eventually.until("refused", () -> relay.requests.get() >= 1 && hub.view().relayReachable());
        assertNull(hub.view().blockId());
        relay.answer.set(request -> {
            throw new RelayException("relay https://relay: unreachable: connection refused", null);
        });
        Eventually.until("out of reach", () -> !hub.view().relayReachable());
        relay.answer.set(ScriptedRelay::grantAll);
        Eventually.until("a block once the relay grants", () -> hub.view().blockLive() && hub.view().relayReachable());
    }

    private EventEnvelope entry(long sequence, String type, Map<String, Object> payload) {
        return new EventEnvelope(ids.next(), SITE, "gate-1", type, Instant.now(), sequence, Json.toTree(payload));
    }

    private int storedOf(List<EventEnvelope> events) throws Exception {
        List<String> wanted = new ArrayList<>();
        events.forEach(e -> wanted.add("'" + e.eventId() + "'"));
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("outbox.db"));
             Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM outbox_event WHERE event_id IN (" + String.join(", ", wanted) + ")")) {
            return r.getInt(1);
        }
    }
}
