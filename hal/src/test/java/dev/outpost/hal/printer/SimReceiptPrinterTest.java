package dev.outpost.hal.printer;

import java.util.List;

class SimReceiptPrinterTest extends ReceiptPrinterContract {

    private final SimReceiptPrinter printer = new SimReceiptPrinter("front");

    @Override
    protected ReceiptPrinter printer() {
        return printer;
    }

    @Override
    protected void become(PrinterStatus status) {
        printer.setStatus(status);
    }

    @Override
    protected List<byte[]> printed(int count) {
        return printer.jobs();
    }
}
