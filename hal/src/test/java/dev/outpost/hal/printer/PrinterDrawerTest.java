package dev.outpost.hal.printer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.hal.drawer.PrinterDrawer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A drawer on a network printer's kick-out connector, against a raw-TCP ESC/POS printer on loopback. */
class PrinterDrawerTest {
    private FakeEscPosPrinter fake;
    private NetworkReceiptPrinter printer;

    @BeforeEach
    void start() throws IOException {
        fake = new FakeEscPosPrinter();
        printer = new NetworkReceiptPrinter(new NetworkPrinterConfig("front", "127.0.0.1", fake.port(),
                Duration.ofMillis(500), Duration.ofMillis(200)));
    }

    @AfterEach
    void stop() throws IOException {
        fake.close();
    }

    @Test
    void openingSendsTheKickPulseToThePrinterAndTheSwitchLevelSaysWhetherItIsOpen() throws Exception {
        PrinterDrawer drawer = new PrinterDrawer("front-drawer", printer, PrinterDrawer.OpenSignal.HIGH);
        drawer.open();
        List<byte[]> sent = fake.jobs(1, 5000);
        assertEquals(1, sent.size());
        assertArrayEquals(new byte[] {0x1B, 0x70, 0x00, 25, 120}, sent.getFirst(), "ESC p 0: pin 2, 50 ms on, 240 ms off");

        fake.drawerPin3(true);
        assertTrue(drawer.isOpen());
        assertFalse(new PrinterDrawer("other", printer, PrinterDrawer.OpenSignal.LOW).isOpen(), "wired the other way");
        fake.drawerPin3(false);
        assertFalse(drawer.isOpen());
        // the printer's status is still read right with the switch's bit set
        fake.drawerPin3(true);
        assertEquals(PrinterStatus.READY, printer.status());
    }

    @Test
    void aPrinterOutOfReachIsNamedWhenTheDrawerCannotBeOpened() throws IOException {
        PrinterDrawer drawer = new PrinterDrawer("front-drawer", printer, PrinterDrawer.OpenSignal.HIGH);
        fake.close();
        PrinterException e = assertThrows(PrinterException.class, drawer::open);
        assertTrue(e.getMessage().startsWith("printer front (127.0.0.1:" + fake.port() + "): drawer kick not sent: "),
                e.getMessage());
        assertEquals(PrinterStatus.OFFLINE, e.status());
        drawer.close();
        assertThrows(IllegalStateException.class, drawer::open);
    }
}
