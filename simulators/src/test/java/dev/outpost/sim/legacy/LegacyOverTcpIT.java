package dev.outpost.sim.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.config.ConfigFile;
import dev.outpost.api.json.Json;
import dev.outpost.appliance.Appliance;
import dev.outpost.appliance.ApplianceConfig;
import dev.outpost.appliance.legacy.LegacyConfig;
import dev.outpost.appliance.legacy.LegacyGateway;
import dev.outpost.appliance.legacy.LegacyStatus;
import dev.outpost.sim.chain.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The legacy gateway and the simulated device over TCP on loopback: switched off means connections refused. Also the
 * gateway as the appliance runs it, from its config, with its status on the LAN.
 */
@Tag("integration")
class LegacyOverTcpIT extends LegacyLineContract {
    private int port;

    @Override
    LegacyConfig connect() throws Exception {
        port = device.serveTcp(0).getPort();
        return config(LegacyConfig.Transport.TCP, "127.0.0.1:" + port);
    }

    @Override
    void deviceDown() {
        device.goDown();
    }

    @Override
    void deviceBack() throws Exception {
        device.serveTcp(port);
    }

    /** A few hundred sales through seeded drops, NAKs and garbage, and one sale the device refuses for good. */
    @Test
    void seededFaultsStillDeliverEverySaleExactlyOnceInOrder() throws Exception {
        device.randomFaults(20261121L, 0.04, 0.08, 0.04);
        device.reject("t-77", "currency not configured on this till");
        connect();
        // every drop and garbled answer costs a timeout: a short one keeps the run short (loopback answers in < 1 ms)
        gateway = open(config(LegacyConfig.Transport.TCP, "127.0.0.1:" + port, Duration.ofMillis(100)));
        for (int i = 1; i <= 300; i++) {
            gateway.forward(sale(i));
        }
        until("every sale settled", () -> gateway.status().pending() == 0);

        List<String> expected = ids(1, 300);
        expected.remove("t-77");
        assertEquals(expected, device.taken());
        assertTrue(device.duplicates() > 0, "a dropped or garbled answer makes the gateway send a sale again: "
                + device.status());
        LegacyStatus status = gateway.status();
        assertEquals(1, status.parked());
        assertEquals("t-77", status.recentParked().getFirst().transactionId());
        assertEquals("currency not configured on this till", status.recentParked().getFirst().reason());
        assertEquals(299, status.delivered());
    }

    @Test
    void theApplianceRunsTheGatewayFromItsConfigAndShowsItOnTheLan() throws Exception {
        int devicePort = device.serveTcp(0).getPort();
        Path accounts = Files.writeString(dir.resolve("devices.accounts"), "");
        Appliance appliance = Appliance.create(ApplianceConfig.from(ConfigFile.empty("test")
                .with("site.id", "store-0042")
                .with("relay.url", "https://127.0.0.1:9") // no relay: this test is about the LAN side
                .with("relay.timeout", "100ms")
                .with("http.host", "127.0.0.1").with("http.port", "0")
                .with("broker.host", "127.0.0.1").with("broker.port", "0")
                .with("broker.accounts", accounts.toString())
                .with("data.dir", dir.resolve("appliance").toString())
                .with("legacy.enabled", "true")
                .with("legacy.address", "127.0.0.1:" + devicePort)
                .with("legacy.timeout", "500ms")), InstantSource.system());
        try {
            appliance.start();
            LegacyGateway legacy = appliance.legacy().orElseThrow();
            assertTrue(legacy.forward(sale(1)));
            Await.until("t-1 taken", DEADLINE, () -> device.taken().contains("t-1") ? Optional.of(true) : Optional.empty(),
                    device::status);
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + appliance.httpPort() + "/v1/legacy")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            JsonNode status = Json.read(response.body(), JsonNode.class);
            assertEquals("tcp 127.0.0.1:" + devicePort, status.get("address").asText());
            assertEquals("CLOSED", status.get("breaker").asText());
            assertEquals(0, status.get("pending").asLong(), response.body());
            assertTrue(Files.exists(dir.resolve("appliance/legacy.db")));
        } finally {
            appliance.close();
        }
    }
}
