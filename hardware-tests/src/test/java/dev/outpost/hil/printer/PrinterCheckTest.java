package dev.outpost.hil.printer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.outpost.hal.printer.PrinterStatus;
import dev.outpost.hal.printer.SimReceiptPrinter;
import dev.outpost.hil.Verdict;
import org.junit.jupiter.api.Test;

class PrinterCheckTest {

    @Test
    void aPrinterOutOfPaperOrWithItsCoverOpenFailsSayingWhatToDo() {
        SimReceiptPrinter printer = new SimReceiptPrinter("counter-1");
        assertEquals(Verdict.pass("printer counter-1: answered its status query: READY (online, paper loaded, cover "
                + "closed)"), PrinterCheck.run(printer));
        printer.setStatus(PrinterStatus.PAPER_OUT);
        assertEquals(Verdict.fail("printer counter-1: PAPER_OUT: load a paper roll"), PrinterCheck.run(printer));
        printer.setStatus(PrinterStatus.COVER_OPEN);
        assertEquals(Verdict.fail("printer counter-1: COVER_OPEN: close the cover"), PrinterCheck.run(printer));
    }
}
