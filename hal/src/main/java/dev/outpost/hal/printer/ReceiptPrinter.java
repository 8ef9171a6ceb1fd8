package dev.outpost.hal.printer;

/** An ESC/POS receipt printer. Methods throw {@link IllegalStateException} after close. */
public interface ReceiptPrinter extends AutoCloseable {

    String id();

    /**
     * Sends one job of ESC/POS bytes (text, cut, drawer kick...). Checks the status first and prints nothing
     * unless the printer is {@link PrinterStatus#READY}.
     *
     * @throws PrinterException if the printer is not ready or the job could not be sent
     */
    void print(byte[] escpos);

    /** Asks the printer now; never throws for an unreachable printer, that is {@link PrinterStatus#OFFLINE}. */
    PrinterStatus status();

    @Override
    void close();
}
