package dev.outpost.sim.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.appliance.legacy.LegacyConfig;
import dev.outpost.appliance.legacy.LegacyGateway;
import dev.outpost.appliance.legacy.LegacyStatus;
import dev.outpost.appliance.legacy.SaleRecord;
import dev.outpost.appliance.outbox.Backoff;
import dev.outpost.sim.chain.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The appliance's legacy gateway against the simulated legacy POS over a real line: the device goes away in the
 * middle of a stream of sales and comes back; every sale arrives exactly once, in order, and the breaker opened and
 * closed again. Subclasses give the line.
 */
abstract class LegacyLineContract {
    static final Duration TIMEOUT = Duration.ofMillis(250);
    static final Duration DEADLINE = Duration.ofSeconds(15);

    @TempDir
    Path dir;
    final LegacyPosSimulator device = new LegacyPosSimulator();
    LegacyGateway gateway;

    /** Serves the device and says how the gateway reaches it. */
    abstract LegacyConfig connect() throws Exception;

    /** The device stops answering (switched off). */
    abstract void deviceDown() throws Exception;

    /** The device answers again, with what it recorded before. */
    abstract void deviceBack() throws Exception;

    static LegacyConfig config(LegacyConfig.Transport transport, String target) {
        return config(transport, target, TIMEOUT);
    }

    static LegacyConfig config(LegacyConfig.Transport transport, String target, Duration timeout) {
        return new LegacyConfig(transport, target, 115_200, timeout, 3, Duration.ofMillis(300),
                new Backoff(Duration.ofMillis(20), Duration.ofMillis(200)));
    }

    LegacyGateway open(LegacyConfig config) {
        return LegacyGateway.start(config, dir, InstantSource.system(), System::nanoTime);
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        device.close();
    }

    static SaleRecord sale(int n) {
        return new SaleRecord("t-" + n, 100L + n, "EUR", LocalDate.parse("2026-11-21"),
                Instant.parse("2026-11-21T09:00:00Z").plusSeconds(n));
    }

    static List<String> ids(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add("t-" + i);
        }
        return out;
    }

    void until(String what, BooleanSupplier condition) throws Exception {
        Await.until(what, DEADLINE, () -> condition.getAsBoolean() ? Optional.of(true) : Optional.empty(),
                () -> "gateway " + gateway.status() + "; device " + device.status());
    }

    @Test
    void theDeviceGoesDownMidStreamAndComesBackEverySaleArrivesOnceInOrder() throws Exception {
        LegacyConfig config = connect();
        gateway = open(config);
        for (int i = 1; i <= 20; i++) {
            gateway.forward(sale(i));
        }
        until("a few sales taken", () -> device.taken().size() >= 5);
        deviceDown();
        for (int i = 21; i <= 40; i++) {
            gateway.forward(sale(i));
        }
        until("the breaker opens", () -> gateway.status().breakerOpened() >= 1);
        LegacyStatus down = gateway.status();
        assertTrue(down.pending() >= 20, "sales wait while the device is down: " + down);
        assertTrue(down.lastError().startsWith("legacy pos " + down.address() + ": "), down.lastError());

        gateway.close(); // the appliance restarts while the device is away
        gateway = open(config);
        deviceBack();
        until("every sale delivered", () -> gateway.status().pending() == 0);

        assertEquals(ids(1, 40), device.taken(), "each sale once, in the order forwarded");
        LegacyStatus after = gateway.status();
        assertEquals("CLOSED", after.breaker());
        assertEquals(0, after.parked());
        assertEquals(0, after.failuresInARow());
    }
}
