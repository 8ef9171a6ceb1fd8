package dev.outpost.gate;

import static dev.outpost.gate.TestHub.GATE;
import static dev.outpost.gate.TestHub.SITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.config.ConfigFile;
import dev.outpost.api.event.EventEnvelope;
import dev.outpost.api.json.Json;
import dev.outpost.hal.gpio.State;
import dev.outpost.site.message.GateJournal;
import dev.outpost.site.message.GateLeaseAsk;
import dev.outpost.site.message.MallStatus;
import dev.outpost.site.topic.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate controller as it runs: a real site broker, the hub played by hand over MQTT ({@link TestHub}), the GPIO
 * turnstile driver on simulated lines ({@link WiredLines}), and the controller's own {@code /status} over HTTP.
 */
@Tag("integration")
class GateControllerIT {
    private static final int ENTRY_UNLOCK = 1;
    private static final int EXIT_UNLOCK = 2;
    private static final int FULL_LAMP = 3;
    private static final int ENTRY_PASSAGE = 4;
    private static final int EXIT_PASSAGE = 5;
    private static final int FIRE_LOOP = 6;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private TestHub hub;
    private WiredLines lines;
    private GateController gate;

    @BeforeEach
    void start() throws IOException {
        hub = new TestHub();
        lines = new WiredLines(FIRE_LOOP, ENTRY_UNLOCK);
        GateConfig config = GateConfig.from(ConfigFile.parse("gate-1.conf", """
                site.id = %s
                device.id = %s
                broker.url = %s
                broker.password = %s
                http.host = 127.0.0.1
                http.port = 0
                data.dir = %s
                gpio.driver = sim
                turnstile.entry-unlock-line = %d
                turnstile.exit-unlock-line = %d
                turnstile.full-lamp-line = %d
                turnstile.entry-passage-line = %d
                turnstile.exit-passage-line = %d
                turnstile.fire-loop-line = %d
                turnstile.pulse-width = 200ms
                turnstile.debounce = 0ms
                gate.lease-size = 3
                gate.low-water = 0
                gate.pulse = 1s
                """.formatted(SITE, GATE, hub.brokerUrl(), TestHub.GATE_PASSWORD, dir, ENTRY_UNLOCK, EXIT_UNLOCK,
                FULL_LAMP, ENTRY_PASSAGE, EXIT_PASSAGE, FIRE_LOOP)));
        gate = GateController.create(config, InstantSource.system(), settings -> lines);
        gate.start();
    }

    @AfterEach
    void stop() {
        if (gate != null) {
            gate.close();
        }
        if (hub != null) {
            hub.close();
        }
        http.close();
    }

    @Test
    void aRunningGateIsNotWedgedEvenWithoutItsBrokerAStoppedOneIs() {
        assertEquals(Optional.empty(), gate.wedged(), "the loop and /healthz answer");
        hub.close();
        hub = null;
        assertEquals(Optional.empty(), gate.wedged(), "the broker out of reach is no reason to restart the gate");
        gate.close();
        assertEquals(Optional.of("gate " + GATE + ": not started"), gate.wedged());
    }

    @Test
    void admitsOnAGrantForwardsItsJournalStopsOnEvacuateAndOpensOnFireWithoutTheBroker() {
        assertEquals("PESSIMISTIC_REJECT", status().path("state").asText(), "no mall status yet");

        hub.mall(MallStatus.Mode.NORMAL);
        GateLeaseAsk ask = hub.askForRights();
        assertEquals(3, ask.want(), "gate.lease-size");
        await("the entry unlocked on the grant", () -> !lines.unlockPulses().isEmpty());
        assertEquals(State.HIGH, lines.unlockPulses().getFirst());
        JsonNode granted = awaitStatus("NORMAL with a live lease", s -> s.path("state").asText().equals("NORMAL"));
        assertTrue(granted.path("lease_live").asBoolean(), granted.toString());
        assertEquals(ask.leaseId().toString(), granted.path("lease_id").asText());
        assertEquals("NORMAL", granted.path("mall").path("mode").asText());
        assertTrue(granted.path("turnstile").path("answering").asBoolean(), granted.toString());

        // one person in: journaled, forwarded, acknowledged; the next one is let in at once
        lines.pass(ENTRY_PASSAGE);
        GateJournal withEntry = hub.journalWith("a journal batch with the entry", batch -> !entries(batch).isEmpty());
        EventEnvelope entry = entries(withEntry).getFirst();
        assertEquals(1, entry.payload().path("count").asInt());
        assertTrue(entry.payload().path("armed").asBoolean(), entry.payload().toString());
        await("the next unlock", () -> lines.unlockPulses().size() >= 2);
        long through = withEntry.events().getLast().sequence();
        assertTrue(status().path("journal").path("backlog").asLong() > 0, "not acknowledged yet");
        hub.ack(through);
        JsonNode acked = awaitStatus("backlog 0 after the ack", s -> s.path("journal").path("backlog").asLong() == 0);
        assertEquals(through, acked.path("journal").path("forwarded_through").asLong());

        // EVACUATE: the person already let in passes; nobody is let in after
        hub.mall(MallStatus.Mode.EVACUATE);
        awaitStatus("the gate sees EVACUATE", s -> s.path("mall").path("mode").asText().equals("EVACUATE"));
        int unlocks = lines.unlockPulses().size();
        lines.pass(ENTRY_PASSAGE);
        hub.journalWith("a journal batch with the entry after EVACUATE",
                batch -> entries(batch).stream().anyMatch(e -> e.sequence() > entry.sequence()));
        assertEquals(unlocks, lines.unlockPulses().size(), "no unlock after EVACUATE");
        await("entry locked and FULL lamp on", () -> lines.level(ENTRY_UNLOCK) == State.LOW
                && lines.level(FULL_LAMP) == State.HIGH, () -> "entry unlock " + lines.level(ENTRY_UNLOCK)
                + ", FULL lamp " + lines.level(FULL_LAMP));
        assertFalse(status().path("armed").asBoolean());
        assertEquals(State.HIGH, lines.level(EXIT_UNLOCK), "the exit stays released while entries are stopped");

        // no broker: an exit is journaled and credited all the same, and fire opens everything
        hub.stopBroker();
        JsonNode cutOff = awaitStatus("the gate sees the broker gone", s -> !s.path("hub_connected").asBoolean());
        lines.pass(EXIT_PASSAGE);
        JsonNode exited = awaitStatus("the exit journaled", s -> s.path("exited").asLong() == cutOff.path("exited").asLong() + 1);
        assertTrue(exited.path("journal").path("last_sequence").asLong() > cutOff.path("journal").path("last_sequence").asLong());
        assertTrue(exited.path("journal").path("backlog").asLong() > 0, exited.toString());

        lines.drive(FIRE_LOOP, State.LOW);
        JsonNode fire = awaitStatus("FIRE_OPEN", s -> s.path("state").asText().equals("FIRE_OPEN"));
        assertTrue(fire.path("turnstile").path("fire_alarm").asBoolean(), fire.toString());
        assertEquals(State.HIGH, lines.level(ENTRY_UNLOCK), "entry held open");
        assertEquals(State.HIGH, lines.level(EXIT_UNLOCK), "exit held open");

        gate.close();
        assertEquals(State.HIGH, lines.level(EXIT_UNLOCK), "a stopped controller leaves the exit released");
    }

    @Test
    void malformedMessagesAreLoggedAndIgnoredAndTheGateKeepsWorking() {
        hub.mall(MallStatus.Mode.NORMAL);
        hub.askForRights();
        await("the entry unlocked on the grant", () -> !lines.unlockPulses().isEmpty());

        hub.garbage(Topics.gateLeaseGrant(SITE, GATE));
        hub.garbage(Topics.gateJournalAck(SITE, GATE));
        hub.garbage(Topics.mode(SITE));
        lines.pass(ENTRY_PASSAGE);

        await("the next unlock", () -> lines.unlockPulses().size() >= 2);
        GateJournal withEntry = hub.journalWith("a journal batch with the entry", batch -> !entries(batch).isEmpty());
        hub.ack(withEntry.events().getLast().sequence());
        awaitStatus("backlog 0 after the ack", s -> s.path("journal").path("backlog").asLong() == 0);
        hub.mall(MallStatus.Mode.NORMAL);
        JsonNode working = awaitStatus("the next mall status", s -> s.path("mall").path("epoch").asLong() == 2);
        assertEquals("NORMAL", working.path("state").asText());
    }

    private static List<EventEnvelope> entries(GateJournal batch) {
        return batch.events().stream().filter(e -> e.type().equals("gate.entry")).toList();
    }

    private JsonNode status() {
        URI uri = URI.create("http://127.0.0.1:" + gate.httpPort() + "/status");
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            return Json.tree(response.body());
        } catch (IOException e) {
            throw new AssertionError("GET " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private JsonNode awaitStatus(String what, Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        await(what, () -> condition.test(last[0] = status()), () -> "last /status: " + last[0]);
        return last[0];
    }

    private static void await(String what, BooleanSupplier condition) {
        await(what, condition, () -> "");
    }

    /** Checks {@code condition} every 10 ms until it holds, failing after {@link TestHub#WAIT}. */
    private static void await(String what, BooleanSupplier condition, Supplier<String> detail) {
        long deadline = System.nanoTime() + TestHub.WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + ": not within " + TestHub.WAIT + "; " + detail.get());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }
}
