package dev.outpost.hal.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.outpost.hal.time.ManualTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SimBarcodeScannerTest {

    @Test
    void aScanReachesEveryListenerWithTheTime() {
        ManualTime time = ManualTime.at(Instant.parse("2026-05-04T09:00:00Z"));
        SimBarcodeScanner scanner = new SimBarcodeScanner("lane-1", time);
        List<Scan> scans = new CopyOnWriteArrayList<>();
        scanner.addListener(scan -> {
            throw new IllegalStateException("listener bug");
        });
        scanner.addListener(scans::add);

        scanner.scan("4006381333931");

        assertEquals(List.of(new Scan("lane-1", "4006381333931", Instant.parse("2026-05-04T09:00:00Z"))), scans);
    }

    @Test
    void aClosedScannerRefusesScans() {
        SimBarcodeScanner scanner = new SimBarcodeScanner("lane-1", ManualTime.create());
        scanner.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> scanner.scan("1"));
        assertEquals("scanner lane-1: closed; cannot scan with it", e.getMessage());
    }
}
