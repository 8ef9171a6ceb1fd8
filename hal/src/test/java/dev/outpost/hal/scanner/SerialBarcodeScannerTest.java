package dev.outpost.hal.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.outpost.hal.serial.SerialLink;
import dev.outpost.hal.serial.SimSerial;
import dev.outpost.hal.time.ManualTime;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SerialBarcodeScannerTest {

    private final ManualTime time = ManualTime.at(Instant.parse("2026-05-04T09:00:00Z"));
    private final BlockingQueue<Scan> scans = new LinkedBlockingQueue<>();
    private SerialLink device;
    private SerialBarcodeScanner scanner;

    @BeforeEach
    void start() {
        SimSerial.Pair pair = SimSerial.pair("/dev/ttyACM0", "scanner");
        device = pair.b();
        scanner = SerialBarcodeScanner.start("lane-3", pair.a(), time);
        scanner.addListener(scans::add);
    }

    @AfterEach
    void stop() {
        scanner.close();
        device.close();
    }

    private void send(String text) {
        device.write(text.getBytes(StandardCharsets.US_ASCII));
    }

    private String next() throws InterruptedException {
        Scan scan = scans.poll(5, TimeUnit.SECONDS);
        return scan == null ? null : scan.code();
    }

    @Test
    void aCodeEndedByCrLfIsOneScan() throws InterruptedException {
        send("4006381333931\r\n");
        Scan scan = scans.poll(5, TimeUnit.SECONDS);
        assertEquals(new Scan("lane-3", "4006381333931", Instant.parse("2026-05-04T09:00:00Z")), scan);
    }

    @Test
    void codesSplitAcrossReadsOrSharingOneAreSeparated() throws InterruptedException {
        send("400");
        send("6381333931\r");
        send("\n5901234123457\n\r\n96385074\r");
        assertEquals("4006381333931", next());
        assertEquals("5901234123457", next());
        assertEquals("96385074", next());
        assertNull(scans.poll(50, TimeUnit.MILLISECONDS));
    }

    @Test
    void anOverlongLineIsDroppedAndTheNextCodeStillComes() throws InterruptedException {
        send("9".repeat(SerialBarcodeScanner.MAX_CODE_LENGTH + 10) + "\r\n12345670\r\n");
        assertEquals("12345670", next());
    }

    @Test
    void closingStopsTheReaderAndClosesTheLink() {
        scanner.close();
        assertFalse(scanner.isReading());
        assertThrows(IllegalStateException.class, () -> scanner.addListener(scan -> {}));
    }
}
