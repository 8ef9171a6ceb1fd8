package dev.outpost.hil.printer;

import dev.outpost.hal.printer.PrinterStatus;
import dev.outpost.hal.printer.ReceiptPrinter;
import dev.outpost.hil.Verdict;

/** The receipt printer answers a status query (DLE EOT on ESC/POS: online, paper, cover) and is ready to print. */
public final class PrinterCheck {

    private PrinterCheck() {
    }

    public static Verdict run(ReceiptPrinter printer) {
        PrinterStatus status = printer.status();
        String what = "printer " + printer.id() + ": ";
        return switch (status) {
            case READY -> Verdict.pass(what + "answered its status query: READY (online, paper loaded, cover closed)");
            case PAPER_OUT -> Verdict.fail(what + "PAPER_OUT: load a paper roll");
            case COVER_OPEN -> Verdict.fail(what + "COVER_OPEN: close the cover");
            case OFFLINE -> Verdict.fail(what + "OFFLINE: no answer to the status query (check power, cable, address)");
        };
    }
}
