package dev.outpost.appliance.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.appliance.Eventually;
import dev.outpost.appliance.outbox.Backoff;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's queue, worker and breaker on real SQLite, against a device the test scripts (the line is in the ITs). */
class LegacyGatewayTest {
    static final LegacyConfig CONFIG = new LegacyConfig(LegacyConfig.Transport.TCP, "127.0.0.1:9", 9600,
            Duration.ofMillis(300), 2, Duration.ofMillis(100), new Backoff(Duration.ofMillis(10), Duration.ofMillis(40)));

    @TempDir
    Path dir;
    final Device device = new Device();
    LegacyGateway gateway;

    /** Takes sales once each, in the order given; can be down, refuse a sale for good, or hang until reset. */
    static final class Device implements LegacyPos {
        final List<String> took = new CopyOnWriteArrayList<>();
        final Map<String, String> refuse = new ConcurrentHashMap<>();
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger pings = new AtomicInteger();
        final AtomicInteger resets = new AtomicInteger();
        volatile boolean down;
        volatile boolean hanging;
        volatile CountDownLatch hung;

        @Override
        public String address() {
            return "test device";
        }

        @Override
        public Optional<String> send(SaleRecord sale, Duration timeout) {
            calls.incrementAndGet();
            answering();
            if (refuse.containsKey(sale.transactionId())) {
                return Optional.of(refuse.get(sale.transactionId()));
            }
            if (!took.contains(sale.transactionId())) {
                took.add(sale.transactionId());
            }
            return Optional.empty();
        }

        @Override
        public void ping(Duration timeout) {
            pings.incrementAndGet();
            answering();
        }

        private void answering() {
            if (hanging) {
                CountDownLatch latch = new CountDownLatch(1);
                hung = latch;
                try {
                    latch.await(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new LegacyPosException("test device: the line was reset");
            }
            if (down) {
                throw new LegacyPosException("test device: down");
            }
        }

        @Override
        public void reset() {
            resets.incrementAndGet();
            CountDownLatch latch = hung;
            if (latch != null) {
                latch.countDown();
            }
        }

        @Override
        public void close() {
        }
    }

    static SaleRecord sale(int n) {
        return new SaleRecord("t-" + n, 100L * n, "EUR", LocalDate.parse("2026-11-21"),
                Instant.parse("2026-11-21T12:00:00Z").plusSeconds(n));
    }

    private LegacyGateway open() {
        return LegacyGateway.start(device, dir.resolve("legacy.db"), CONFIG, InstantSource.system(), System::nanoTime);
    }

    @AfterEach
    void close() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static List<String> ids(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add("t-" + i);
        }
        return out;
    }

    @Test
    void queuedSalesSurviveARestartAndArriveOnceInOrder() {
        device.down = true;
        gateway = open();
        for (int i = 1; i <= 5; i++) {
            assertTrue(gateway.forward(sale(i)));
        }
        Eventually.until("the breaker opens", () -> gateway.status().breaker().equals("OPEN"));
        assertEquals(5, gateway.status().pending());
        assertEquals(List.of(), device.took);
        gateway.close();
        device.down = false;
        gateway = open();
        Eventually.until("all delivered", () -> gateway.status().pending() == 0);
        assertEquals(ids(1, 5), device.took);
        LegacyStatus status = gateway.status();
        assertEquals(5, status.delivered());
        assertNull(status.oldestAgeMs());
        assertEquals("CLOSED", status.breaker());
    }

    @Test
    void theBreakerOpensProbesWithAPingAndClosesWhenTheDeviceAnswers() {
        device.down = true;
        gateway = open();
        gateway.forward(sale(1));
        Eventually.until("open", () -> gateway.status().breakerOpened() >= 2);
        int callsWhileDown = device.calls.get();
        assertEquals(2, callsWhileDown, "after 2 failures only probes go, no sales");
        assertTrue(device.pings.get() >= 1);
        assertEquals("test device: down", gateway.status().lastError());
        device.down = false;
        Eventually.until("delivered", () -> device.took.contains("t-1"));
        assertEquals("CLOSED", gateway.status().breaker());
        assertEquals(0, gateway.status().failuresInARow());
    }

    @Test
    void aSaleTheDeviceRefusesForGoodIsParkedAndTheRestGoOn() {
        device.refuse.put("t-2", "currency not accepted");
        gateway = open();
        for (int i = 1; i <= 3; i++) {
            gateway.forward(sale(i));
        }
        Eventually.until("drained", () -> gateway.status().pending() == 0);
        assertEquals(List.of("t-1", "t-3"), device.took);
        LegacyStatus status = gateway.status();
        assertEquals(1, status.parked());
        assertEquals("t-2", status.recentParked().getFirst().transactionId());
        assertEquals("currency not accepted", status.recentParked().getFirst().reason());
        assertEquals("CLOSED", status.breaker(), "a refusal is an answer, not a failure");
    }

    @Test
    void aCallThatHangsIsCutOffAtTheTimeoutAndTheLineReset() {
        device.hanging = true;
        gateway = open();
        long start = System.nanoTime();
        gateway.forward(sale(1));
        Eventually.until("the first failure", () -> gateway.status().failuresInARow() >= 1);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs < 2_000, "cut off after " + tookMs + " ms");
        String error = gateway.status().lastError();
        assertTrue(error.matches("legacy pos test device: (SALE t-1|PING) took longer than 300 ms; the line is reset"), error);
        assertTrue(device.resets.get() >= 1);
        device.hanging = false;
        Eventually.until("delivered", () -> device.took.contains("t-1"));
    }

    @Test
    void forwardingASaleAgainChangesNothingAndAnotherWithItsIdIsRefused() {
        device.down = true;
        gateway = open();
        assertTrue(gateway.forward(sale(1)));
        assertFalse(gateway.forward(sale(1)));
        SaleRecord other = new SaleRecord("t-1", 1, "EUR", LocalDate.parse("2026-11-21"), Instant.parse("2026-11-21T12:00:00Z"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> gateway.forward(other));
        assertTrue(e.getMessage().startsWith("legacy gateway: sale t-1 was forwarded before as"), e.getMessage());
        assertEquals(1, gateway.status().pending());
        device.down = false;
        Eventually.until("delivered", () -> gateway.status().pending() == 0);
        assertFalse(gateway.forward(sale(1)), "a delivered sale is still recognised");
        assertEquals(List.of("t-1"), device.took);
    }
}
