package dev.outpost.sim.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.sim.chain.ChainPlan.Device;
import dev.outpost.sim.turnstile.SimulatedTurnstiles;
import java.nio.file.Files;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Relay, appliance, two display agents and a gate controller (on a simulated turnstile module over TCP), each its own
 * process on loopback, from the built jars.
 */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WalkingSkeletonIT {
    static final ChainPlan PLAN = new ChainPlan(List.of(new ChainPlan.Site("store-0042", List.of(
            Device.display("board-1", "board"),
            Device.display("pos-1", "pos"),
            Device.gate("gate-1")))),
            Duration.ofMillis(300));

    @TempDir
    static Path dir;
    static SimulatedTurnstiles turnstiles;
    static LocalChain chain;
    static ChainProbe probe;

    @BeforeAll
    static void startChain() throws Exception {
        turnstiles = SimulatedTurnstiles.overTcp();
        chain = LocalChain.start(Path.of(System.getProperty("outpost.root")), dir, PLAN, new Ports(false), turnstiles);
        probe = new ChainProbe(chain);
        probe.awaitRunning(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopChain() {
        if (chain != null) {
            chain.close();
        }
        if (turnstiles != null) {
            turnstiles.close();
        }
    }

    @Test
    void everyProcessAnswersHealthWithItsVersionAndState() {
        for (var e : chain.health().entrySet()) {
            JsonNode health = probe.get(e.getValue()).orElseThrow(() -> new AssertionError(e.getKey() + ": " + probe.lastSeen()));
            assertEquals("RUNNING", health.path("state").asText(), e.getKey());
            assertFalse(health.path("version").asText().isBlank(), e.getKey() + " reports a version");
            assertTrue(health.has("started_at"), e.getKey() + " reports when it started");
        }
    }

    @Test
    void theRelaySeesEveryDeviceThroughTheAppliance() throws Exception {
        JsonNode fleet = probe.awaitFleet(PLAN, Duration.ofSeconds(30), "RUNNING");
        JsonNode site = fleet.path("sites").get(0);
        assertEquals("store-0042", site.path("site_id").asText());
        assertFalse(site.path("stale").asBoolean());
        assertEquals(3, site.path("devices").size());
        assertEquals("gate", roleOf(site, "gate-1"));
        assertEquals("pos", roleOf(site, "pos-1"));
    }

    @Test
    @Order(Integer.MAX_VALUE) // kills a device: runs last
    void aDeviceThatDiesIsReportedOfflineByItsLastWill() throws Exception {
        probe.awaitFleet(PLAN, Duration.ofSeconds(30), "RUNNING");
        ChainPlan board = new ChainPlan(List.of(new ChainPlan.Site("store-0042", List.of(Device.display("board-1", "board")))),
                PLAN.heartbeatPeriod());
        chain.process("store-0042-board-1").kill();
        probe.awaitFleet(board, Duration.ofSeconds(30), "OFFLINE");
        Optional<String> pos = probe.freshness().flatMap(f -> probe.deviceState(f, "store-0042", "pos-1"));
        assertEquals(Optional.of("RUNNING"), pos, "the other devices stay up");
    }

    @Test
    void theApplianceEnrolledWithItsTokenAndHeartbeatsOverMutualTls() throws Exception {
        // the appliance enrolls on its first uplink tick, then heartbeats over mutual TLS (the relay takes them no other
        // way, so the fleet view in theRelaySeesEveryDeviceThroughTheAppliance is the heartbeat's proof)
        Path log = chain.process("store-0042").log();
        Await.until("store-0042 enrolled", Duration.ofSeconds(30), () -> Optional.of(read(log))
                .filter(text -> text.contains("site store-0042: enrolled with the relay")), () -> log.toString());
        String certificates = chain.admin("list-certificates", "--site", "store-0042");
        assertTrue(certificates.lines().anyMatch(l -> l.contains(" store-0042 ") && l.contains(" valid ")
                && l.endsWith("enrollment")), certificates);
        Path identity = dir.resolve("store-0042").resolve("identity");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(identity.resolve("site.key"))));
        assertTrue(Files.readString(identity.resolve("site.crt")).startsWith("-----BEGIN CERTIFICATE-----"));
    }

    @Test
    void theRelayRefusesDeviceCallsOverPlainHttp() throws Exception {
        HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                chain.relayUrl().resolve("/v1/sites/store-0042/heartbeat")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, reply.statusCode());
        assertTrue(reply.body().contains("site store-0042: device endpoints need mutual TLS on https.port"), reply.body());
    }

    @Test
    void processesWriteTheirOutputToTheirLogs() throws Exception {
        String relayLog = Files.readString(chain.process("relay").log());
        assertTrue(relayLog.contains("relay: started"), relayLog);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String roleOf(JsonNode site, String deviceId) {
        for (JsonNode d : site.path("devices")) {
            if (d.path("device_id").asText().equals(deviceId)) {
                return d.path("role").asText();
            }
        }
        return "";
    }
}
