package dev.outpost.hil.flip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.outpost.api.json.Json;
import dev.outpost.appliance.flip.FlipView;
import dev.outpost.site.message.FlipOutcome;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real bench's flips come from its appliance's GET /v1/flips: the first one activating after the check began. */
class ApplianceFlipsTest {
    final AtomicReference<byte[]> body = new AtomicReference<>();
    HttpServer appliance;

    @BeforeEach
    void start() throws IOException {
        appliance = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        appliance.createContext("/v1/flips", exchange -> {
            try (exchange) {
                byte[] answer = body.get();
                exchange.sendResponseHeaders(answer == null ? 404 : 200, answer == null ? -1 : answer.length);
                if (answer != null) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(answer);
                    }
                }
            }
        });
        appliance.start();
    }

    @AfterEach
    void stop() {
        appliance.stop(0);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + appliance.getAddress().getPort());
    }

    static FlipView.Flip flip(String version, Instant at, Instant committed) {
        return new FlipView.Flip(UUID.randomUUID(), "main", "en-US", version, "ab", at, "COMMITTED", "all prepared",
                at.minusSeconds(10), at, 3L, List.of(new FlipView.Device("board-1", FlipOutcome.PREPARED, null,
                committed, false)));
    }

    @Test
    void theFirstFlipActivatingAfterTheCheckBeganIsTakenOnceEveryCommitIsIn() throws Exception {
        Instant soon = Instant.now().plusSeconds(30);
        FlipView.Flip earlier = flip("main/v1", Instant.now().minusSeconds(600), Instant.now().minusSeconds(600));
        FlipView.Flip waiting = flip("main/v2", soon, null);
        FlipView.Flip later = flip("main/v3", soon.plusSeconds(60), soon.plusSeconds(60));
        body.set(Json.write(new FlipView("store-1", List.of(later, waiting, earlier))));
        try (ApplianceFlips flips = new ApplianceFlips(url(), 1, InstantSource.system())) {
            assertEquals(Optional.of("main/v3"), flips.next(Duration.ofSeconds(5)).map(FlipView.Flip::versionId),
                    "main/v2 still waits for a commit report; main/v1 is from before");
        }
    }

    @Test
    void anApplianceWithoutFlipsIsNamedInTheFailure() throws Exception {
        try (ApplianceFlips flips = new ApplianceFlips(url(), 2, InstantSource.system())) {
            assertEquals(Optional.empty(), flips.next(Duration.ofMillis(200)));
            assertTrue(flips.describe().endsWith("last read: HTTP 404 )"), flips.describe());
        }
    }
}
