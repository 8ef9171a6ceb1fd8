package dev.outpost.appliance.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.outpost.api.client.RelayClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Online at the first answer; offline after three unanswered probes in a row, not before; over real HTTP. */
class UplinkProbeTest {
    static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");

    @Test
    void threeFailedProbesInARowMakeTheSiteOfflineAndOneAnswerBringsItBack() throws IOException {
        AtomicInteger status = new AtomicInteger(200);
        HttpServer relay = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        relay.createContext("/healthz", exchange -> {
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        relay.start();
        try (RelayClient client = RelayClient.create(RelayClient.Options.of(URI.create("http://127.0.0.1:"
                + relay.getAddress().getPort())))) {
            AtomicInteger backs = new AtomicInteger();
            UplinkProbe probe = new UplinkProbe("store-1", () -> client, Duration.ofSeconds(1), () -> T0,
                    backs::incrementAndGet);
            assertFalse(probe.reachable(), "out of reach until a probe is answered");
            probe.probe();
            assertTrue(probe.reachable());
            assertEquals(Optional.of(T0), probe.lastAnswer());

            status.set(503);
            probe.probe();
            probe.probe();
            assertTrue(probe.reachable(), "two failures are not an outage");
            probe.probe();
            assertFalse(probe.reachable(), "the third failure in a row is");

            status.set(200);
            probe.probe();
            assertTrue(probe.reachable(), "one answer and the site is online again");
            assertEquals(2, backs.get(), "told at the first answer and at the answer after the outage");

            status.set(503);
            probe.probe();
            probe.probe();
            status.set(200);
            probe.probe();
            status.set(503);
            probe.probe();
            probe.probe();
            assertTrue(probe.reachable(), "failures count only in a row");
            relay.stop(0);
            probe.probe();
            assertFalse(probe.reachable(), "a relay out of reach fails a probe as well");
        } finally {
            relay.stop(0);
        }
    }
}
