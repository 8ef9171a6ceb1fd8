package dev.outpost.sim.occupancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.hal.serial.PtyPair;
import dev.outpost.hal.serial.Serial;
import dev.outpost.hal.serial.SerialConfig;
import dev.outpost.hal.serial.SerialSettings;
import dev.outpost.sim.chain.Await;
import dev.outpost.sim.chain.ChainPlan;
import dev.outpost.sim.chain.ChainPlan.Device;
import dev.outpost.sim.chain.ChainProbe;
import dev.outpost.sim.chain.LocalChain;
import dev.outpost.sim.chain.Ports;
import dev.outpost.sim.turnstile.Crowd;
import dev.outpost.sim.turnstile.SimulatedTurnstiles;
import dev.outpost.sim.turnstile.TurnstileModule;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A mall over real processes and real serial lines: the relay, the mall's appliance (its gate hub) and three gate
 * controllers, each its own process from the built jars; each gate's turnstile a simulated I/O module in this JVM at
 * the far end of a socat pseudo-terminal pair; a crowd pressing against the capacity. The WAN is cut for longer than
 * the site block lasts, so the mall runs on at its exit rate, then healed; the books then balance exactly. Last, with
 * the appliance gone, a fire loop opens a gate with no network at all.
 */
@Tag("integration")
class MallOverPtyIT {
    static final String MALL = "mall-9";
    static final int CAPACITY = 15;
    static final List<String> GATES = List.of("gate-1", "gate-2", "gate-3");
    static final Duration WAIT = Duration.ofSeconds(60);

    static final ChainPlan PLAN = plan();

    /** Short timings throughout, so the site block runs out within a test's WAN cut. */
    private static ChainPlan plan() {
        ChainPlan plan = new ChainPlan(List.of(ChainPlan.Site.mall(MALL, new ChainPlan.Mall(MALL, CAPACITY),
                GATES.stream().map(Device::gate).toList())), Duration.ofMillis(500))
                .withKeys("relay", Map.of("occupancy.grant-margin", "1s"))
                .withKeys(MALL, Map.of("gates.block-size", "9", "gates.block-low-water", "3", "gates.block-ttl", "10s",
                        "gates.gate-ttl", "3s", "gates.margin", "1s", "gates.relay-timeout", "1s",
                        "gates.relay-retry", "300ms", "gates.report-every", "200ms"));
        for (String gate : GATES) {
            plan = plan.withKeys(MALL + "-" + gate, Map.of("gate.lease-size", "3", "gate.low-water", "1",
                    "gate.ask-timeout", "300ms", "gate.hub-silence", "1s", "gate.pulse", "1s"));
        }
        return plan;
    }

    /** Kept after the run (logs, configs, journals) for whoever reads a failure; emptied at the start. */
    final Path dir = Path.of("target", "mall-over-pty").toAbsolutePath();
    final List<PtyPair> ptys = new ArrayList<>();
    SimulatedTurnstiles turnstiles;
    LocalChain chain;
    Crowd crowd;
    ScheduledExecutorService watch;

    @AfterEach
    void stop() {
        if (watch != null) {
            watch.shutdownNow();
        }
        if (crowd != null) {
            crowd.close();
        }
        if (chain != null) {
            chain.close();
        }
        if (turnstiles != null) {
            turnstiles.close();
        }
        ptys.forEach(PtyPair::close);
    }

    @BeforeEach
    void emptyDir() throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(dir);
    }

    @Test
    void aWanCutIsRiddenThroughAtTheExitRateNeverAboveCapacityAndTheBooksBalanceAfter() throws Exception {
        turnstiles = new SimulatedTurnstiles((module, name) -> {
            PtyPair pty = PtyPair.start(Files.createDirectories(dir.resolve("pty-" + name)));
            ptys.add(pty);
            module.serve(Serial.open(new SerialSettings("jserialcomm"), SerialConfig.of(pty.b().toString())));
            return Map.of("serial.port", pty.a().toString());
        });
        chain = LocalChain.start(Path.of(System.getProperty("outpost.root")), dir, PLAN,
                new Ports(false), turnstiles);
        ChainProbe probe = new ChainProbe(chain);
        probe.awaitRunning(WAIT);

        List<TurnstileModule> modules = turnstiles.at(MALL);
        crowd = new Crowd(modules, new Crowd.Settings(List.of(1.5, 1.5, 1.0), Duration.ofSeconds(5), 0, 10, 20261121L));
        AtomicReference<String> breach = new AtomicReference<>();
        watch = Executors.newSingleThreadScheduledExecutor();
        watch.scheduleAtFixedRate(() -> {
            Crowd.Truth truth = crowd.truth();
            if (truth.inside() > CAPACITY && breach.get() == null) {
                breach.set(truth.toString());
            }
        }, 0, 10, TimeUnit.MILLISECONDS);
        crowd.walk(Duration.ofMillis(20));

        until("the mall fills to its capacity", () -> crowd.truth().inside() >= CAPACITY - 2);
        Crowd.Truth beforeCut = crowd.truth();

        chain.wan(MALL).cut();
        until("the hub's block runs out during the cut", () -> !hub(probe).path("block_live").asBoolean());
        Crowd.Truth blockGone = crowd.truth();
        until("a while at the exit rate", () -> crowd.truth().exited() >= blockGone.exited() + 10);
        Crowd.Truth beforeHeal = crowd.truth();
        long entered = beforeHeal.entered() - blockGone.entered();
        long exited = beforeHeal.exited() - blockGone.exited();
        assertTrue(entered > 0, "entries go on after the block ran out: " + blockGone + " -> " + beforeHeal);
        assertTrue(entered <= exited + CAPACITY, entered + " in, " + exited + " out after the block ran out");
        chain.wan(MALL).heal();

        Await.until("the hub holds a block again", WAIT, () -> Optional.of(hub(probe))
                .filter(h -> h.path("block_live").asBoolean()), () -> hub(probe) + "; relay: " + probe.getAsStaff(
                chain.relayUrl().resolve("/v1/malls/" + MALL + "/occupancy")));
        until("more people in after the heal", () -> crowd.truth().entered() > beforeHeal.entered() + 5);
        crowd.stopArrivals();
        crowd.close();
        Crowd.Truth quiet = crowd.truth();

        AtomicReference<String> books = new AtomicReference<>("nothing read yet");
        Await.until("the books balance exactly", WAIT, () -> {
            Optional<JsonNode> relay = probe.getAsStaff(chain.relayUrl().resolve("/v1/malls/" + MALL + "/occupancy"));
            JsonNode hub = hub(probe);
            long rights = 0;
            long armed = 0;
            for (String gate : GATES) {
                JsonNode status = gateStatus(probe, gate);
                rights += status.path("rights").asLong();
                armed += status.path("armed").asBoolean() ? 1 : 0;
            }
            if (relay.isEmpty()) {
                return Optional.empty();
            }
            JsonNode r = relay.get();
            books.set("relay " + r + "; hub pool " + hub.path("pool") + " leased " + hub.path("leased")
                    + "; gates' rights " + rights + ", armed " + armed + "; truly inside " + quiet.inside());
            boolean exact = r.path("count").asLong() == quiet.inside() + armed
                    && r.path("leased_out").asLong() == hub.path("pool").asLong() + rights
                    && hub.path("leased").asLong() == rights
                    && r.path("count").asLong() + r.path("leased_out").asLong() + r.path("free").asLong() == CAPACITY;
            return exact ? Optional.of(r) : Optional.empty();
        }, books::get);

        assertEquals(null, breach.get(), "never above capacity");
        assertTrue(quiet.maxInside() <= CAPACITY, quiet.toString());
        assertTrue(quiet.entered() > beforeCut.entered(), quiet.toString());

        // a safety officer's cut and EVACUATE reach every gate (timed for BENCHMARKS.md, not asserted)
        ChainProbe officer = new ChainProbe(chain, LocalChain.OFFICER);
        URI mall = chain.relayUrl().resolve("/v1/malls/" + MALL);
        long cutAt = System.nanoTime();
        assertEquals(200, officer.postAsStaff(URI.create(mall + "/capacity"), Map.of("capacity", 10), "test: cut"),
                officer.lastSeen());
        until("every gate hears the cut", () -> GATES.stream().allMatch(
                g -> gateStatus(probe, g).path("mall").path("capacity").asLong() == 10));
        long cutMillis = (System.nanoTime() - cutAt) / 1_000_000;
        long evacuateAt = System.nanoTime();
        assertEquals(200, officer.postAsStaff(URI.create(mall + "/mode"), Map.of("mode", "EVACUATE"), "test: drill"),
                officer.lastSeen());
        until("every gate hears EVACUATE", () -> GATES.stream().allMatch(
                g -> gateStatus(probe, g).path("mall").path("mode").asText().equals("EVACUATE")));
        System.out.printf("MallOverPtyIT: the cut reached all %d gates within %d ms, EVACUATE within %d ms (polled every"
                + " 100 ms)%n", GATES.size(), cutMillis, (System.nanoTime() - evacuateAt) / 1_000_000);

        // a module that falls silent: its gate refuses entries, counts the failures, and recovers by itself
        TurnstileModule second = modules.get(1);
        long exitsBefore = second.counters().exits();
        second.silence();
        until("gate-2 refuses entries while its module is silent", () -> {
            JsonNode status = gateStatus(probe, "gate-2");
            return status.path("state").asText().equals("PESSIMISTIC_REJECT")
                    && !status.path("turnstile").path("answering").asBoolean()
                    && status.path("modbus").path("timeouts").asLong() > 0;
        });
        long exitedBefore = gateStatus(probe, "gate-2").path("exited").asLong();
        second.exitOne(); // the exit is free in hardware; the module counts it
        second.clearFaults();
        until("gate-2 answers again and counts the exit made meanwhile", () -> {
            JsonNode status = gateStatus(probe, "gate-2");
            return !status.path("state").asText().equals("PESSIMISTIC_REJECT")
                    && status.path("turnstile").path("answering").asBoolean()
                    && status.path("exited").asLong() == exitedBefore + 1;
        });
        assertEquals(exitsBefore + 1, second.counters().exits());

        // no network at all: the appliance (the site's broker and hub) is gone and the WAN is cut
        chain.wan(MALL).cut();
        chain.process(MALL).kill();
        TurnstileModule first = modules.getFirst();
        first.fireLoop(true);
        until("gate-1 opens on its fire loop", () -> gateStatus(probe, "gate-1").path("state").asText()
                .equals("FIRE_OPEN") && first.exitHeldOpen());
    }

    private JsonNode hub(ChainProbe probe) {
        return probe.get(chain.health().get(MALL).resolve("/v1/gates")).orElseThrow(() -> new AssertionError(
                "GET /v1/gates: " + probe.lastSeen()));
    }

    private JsonNode gateStatus(ChainProbe probe, String gate) {
        URI status = chain.health().get(MALL + "-" + gate).resolve("/status");
        return probe.get(status).orElseThrow(() -> new AssertionError("GET " + status + ": " + probe.lastSeen()));
    }

    private static void until(String what, BooleanSupplier condition) throws Exception {
        Await.until(what, WAIT, () -> condition.getAsBoolean() ? Optional.of(true) : Optional.empty(), () -> what);
    }
}
