package dev.outpost.hal.serial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every serial driver must do, run over two connected ends of one line. */
abstract class SerialLinkContract {

    protected record Ends(SerialLink a, SerialLink b) {}

    private static final Duration GENEROUS = Duration.ofSeconds(5);

    protected SerialLink a;
    protected SerialLink b;

    /** Two connected links: what one writes, the other reads. */
    protected abstract Ends open() throws Exception;

    protected void release() throws Exception {}

    @BeforeEach
    void openEnds() throws Exception {
        Ends ends = open();
        a = ends.a();
        b = ends.b();
    }

    @AfterEach
    void closeEnds() throws Exception {
        try {
            a.close();
            b.close();
        } finally {
            release();
        }
    }

    private static byte[] everyByteValue() {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        return all;
    }

    @Test
    void everyByteValueRoundTripsExactlyBothWays() {
        byte[] sent = everyByteValue();
        a.write(sent);
        byte[] got = new byte[sent.length];
        b.readExactly(got, GENEROUS);
        assertArrayEquals(sent, got);

        byte[] reply = {0x01, 0x03, 0x00, 0x00, 0x00, 0x0a, (byte) 0xc5, (byte) 0xcd, 0x0d, 0x0a, 0x11, 0x13};
        b.write(reply);
        byte[] back = new byte[reply.length];
        a.readExactly(back, GENEROUS);
        assertArrayEquals(reply, back);
    }

    @Test
    void aFourKibibyteWriteArrivesWhole() {
        byte[] sent = new byte[4096];
        new Random(42).nextBytes(sent);
        a.write(sent);
        byte[] got = new byte[sent.length];
        b.readExactly(got, GENEROUS);
        assertArrayEquals(sent, got);
    }

    @Test
    void aReadWithNothingToReadTimesOutWithinBoundsAndReturnsZero() {
        byte[] buffer = new byte[16];
        long start = System.nanoTime();
        int n = b.read(buffer, Duration.ofMillis(200));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, n);
        assertTrue(elapsedMillis >= 150, "returned after " + elapsedMillis + " ms, before the 200 ms timeout");
        assertTrue(elapsedMillis < 2000, "returned after " + elapsedMillis + " ms, long after the 200 ms timeout");
    }

    @Test
    void aZeroTimeoutReadReturnsAtOnce() {
        assertEquals(0, b.read(new byte[16], Duration.ZERO));
    }

    @Test
    void aReadReturnsWhatIsThereWithoutWaitingToFillTheBuffer() {
        a.write(new byte[] {7, 8, 9});
        byte[] buffer = new byte[64];
        long start = System.nanoTime();
        int n = b.read(buffer, Duration.ofSeconds(10));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(n >= 1 && n <= 3, "read " + n + " bytes");
        assertTrue(elapsedMillis < 5000, "took " + elapsedMillis + " ms for 3 bytes");
        assertEquals(7, buffer[0]);
    }

    @Test
    void readExactlyTimesOutSayingHowMuchCame() {
        a.write(new byte[] {1, 2, 3});
        SerialTimeoutException e = assertThrows(SerialTimeoutException.class,
                () -> b.readExactly(new byte[10], Duration.ofMillis(300)));
        assertEquals(3, e.received());
        assertEquals("serial " + b.port() + ": read 3 of 10 bytes within 300 ms", e.getMessage());
    }

    @Test
    void discardInputDropsWhatArrivedAndKeepsWhatComesLater() {
        a.write(new byte[] {1, 2, 3, 4, 5});
        long deadline = System.nanoTime() + GENEROUS.toNanos();
        int dropped = 0;
        while (dropped < 5 && System.nanoTime() < deadline) {
            dropped += b.discardInput();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        assertEquals(5, dropped);

        a.write(new byte[] {42});
        byte[] got = new byte[1];
        b.readExactly(got, GENEROUS);
        assertEquals(42, got[0]);
    }

    @Test
    void aClosedLinkRefusesEverything() {
        a.close();
        a.close();
        IllegalStateException write = assertThrows(IllegalStateException.class, () -> a.write(new byte[] {1}));
        assertEquals("serial " + a.port() + ": closed; cannot write it", write.getMessage());
        IllegalStateException read = assertThrows(IllegalStateException.class,
                () -> a.read(new byte[1], Duration.ofMillis(10)));
        assertEquals("serial " + a.port() + ": closed; cannot read it", read.getMessage());
        assertThrows(IllegalStateException.class, () -> a.readExactly(new byte[1], Duration.ofMillis(10)));
        assertThrows(IllegalStateException.class, a::discardInput);
    }

    @Test
    void closingWakesABlockedReader() throws InterruptedException, TimeoutException {
        CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(
                () -> b.read(new byte[8], Duration.ofSeconds(30)));
        long start = System.nanoTime();
        while (!reader.isDone() && System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(100)) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        b.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> reader.get(10, TimeUnit.SECONDS));
        assertEquals(IllegalStateException.class, e.getCause().getClass());
    }
}
