package dev.outpost.hal.printer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What every receipt printer driver must do. */
abstract class ReceiptPrinterContract {

    protected abstract ReceiptPrinter printer();

    /** Makes the device report {@code status} from now on. */
    protected abstract void become(PrinterStatus status);

    /** The jobs the device received, oldest first, waiting up to a few seconds for {@code count}. */
    protected abstract List<byte[]> printed(int count) throws InterruptedException;

    @AfterEach
    void closePrinter() {
        printer().close();
    }

    private static byte[] receipt() {
        byte[] text = "Coffee 2.40\n".getBytes(StandardCharsets.US_ASCII);
        byte[] job = new byte[2 + text.length + 3];
        job[0] = 0x1b;
        job[1] = 0x40;
        System.arraycopy(text, 0, job, 2, text.length);
        job[job.length - 3] = 0x1d;
        job[job.length - 2] = 0x56;
        job[job.length - 1] = 0x00;
        return job;
    }

    @Test
    void aReadyPrinterPrintsTheJobByteForByte() throws InterruptedException {
        assertEquals(PrinterStatus.READY, printer().status());
        printer().print(receipt());
        List<byte[]> jobs = printed(1);
        assertEquals(1, jobs.size());
        assertArrayEquals(receipt(), jobs.getFirst());
    }

    @Test
    void outOfPaperIsReportedAndNothingIsPrinted() throws InterruptedException {
        become(PrinterStatus.PAPER_OUT);
        assertEquals(PrinterStatus.PAPER_OUT, printer().status());
        PrinterException e = assertThrows(PrinterException.class, () -> printer().print(receipt()));
        assertEquals(PrinterStatus.PAPER_OUT, e.status());
        assertTrue(e.getMessage().startsWith("printer " + printer().id()), e.getMessage());
        assertTrue(e.getMessage().endsWith(": not ready (PAPER_OUT); nothing printed"), e.getMessage());

        become(PrinterStatus.READY);
        printer().print(receipt());
        assertEquals(1, printed(1).size());
    }

    @Test
    void anOpenCoverIsReported() {
        become(PrinterStatus.COVER_OPEN);
        assertEquals(PrinterStatus.COVER_OPEN, printer().status());
        assertEquals(PrinterStatus.COVER_OPEN,
                assertThrows(PrinterException.class, () -> printer().print(receipt())).status());
    }

    @Test
    void anOfflinePrinterIsReportedWithoutThrowing() {
        become(PrinterStatus.OFFLINE);
        assertEquals(PrinterStatus.OFFLINE, printer().status());
        assertThrows(PrinterException.class, () -> printer().print(receipt()));
    }

    @Test
    void aClosedPrinterRefusesEverything() {
        printer().close();
        assertThrows(IllegalStateException.class, () -> printer().print(receipt()));
        assertThrows(IllegalStateException.class, () -> printer().status());
    }
}
