package dev.outpost.hal.printer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NetworkReceiptPrinterTest extends ReceiptPrinterContract {

    private FakeEscPosPrinter fake;
    private NetworkReceiptPrinter printer;

    @BeforeEach
    void start() throws IOException {
        fake = new FakeEscPosPrinter();
        printer = new NetworkReceiptPrinter(config(fake.port()));
    }

    private static NetworkPrinterConfig config(int port) {
        return new NetworkPrinterConfig("front", "127.0.0.1", port, Duration.ofMillis(500), Duration.ofMillis(200));
    }

    @AfterEach
    void stop() throws IOException {
        fake.close();
    }

    @Override
    protected ReceiptPrinter printer() {
        return printer;
    }

    @Override
    protected void become(PrinterStatus status) {
        fake.become(status);
    }

    @Override
    protected List<byte[]> printed(int count) throws InterruptedException {
        return fake.jobs(count, 5000);
    }

    @Test
    void aPrinterThatDoesNotAnswerIsOfflineWithinTheReadTimeout() {
        fake.become(PrinterStatus.OFFLINE);
        long start = System.nanoTime();
        assertEquals(PrinterStatus.OFFLINE, printer.status());
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMillis < 3000, "took " + elapsedMillis + " ms with a 200 ms read timeout");
    }

    @Test
    void nobodyListeningIsOfflineAndAPrintSaysWhy() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        NetworkReceiptPrinter gone = new NetworkReceiptPrinter(config(closedPort));
        assertEquals(PrinterStatus.OFFLINE, gone.status());
        PrinterException e = assertThrows(PrinterException.class, () -> gone.print(new byte[] {0x1b, 0x40}));
        assertTrue(e.getMessage().startsWith("printer front (127.0.0.1:" + closedPort + "): job of 2 bytes not sent: "),
                e.getMessage());
    }

    @Test
    void configErrorsNameTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NetworkPrinterConfig("front", "10.0.0.5", 0, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertEquals("printer.port must be between 1 and 65535, was 0", e.getMessage());
        assertEquals(9100, NetworkPrinterConfig.of("front", "10.0.0.5").port());
    }
}
