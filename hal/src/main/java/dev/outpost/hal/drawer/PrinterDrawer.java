package dev.outpost.hal.drawer;

import dev.outpost.hal.printer.NetworkReceiptPrinter;
import java.util.Objects;

/**
 * A cash drawer hung on a network receipt printer's drawer kick-out connector, as most are: opened by the printer's
 * ESC p pulse, its switch read from the printer's DLE EOT 1 status. Which level of the switch means open depends on
 * the drawer's wiring, so it is said, not guessed. Failures are the printer's ({@code PrinterException}).
 */
public final class PrinterDrawer implements CashDrawer {
    /** The level of the connector's pin 3 while the drawer is open. */
    public enum OpenSignal { HIGH, LOW }

    private final String id;
    private final NetworkReceiptPrinter printer;
    private final OpenSignal openWhen;
    private volatile boolean closed;

    /** @param printer the printer it hangs on; its owner closes it */
    public PrinterDrawer(String id, NetworkReceiptPrinter printer, OpenSignal openWhen) {
        this.id = Objects.requireNonNull(id, "id");
        this.printer = Objects.requireNonNull(printer, "printer");
        this.openWhen = Objects.requireNonNull(openWhen, "openWhen");
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void open() {
        checkOpen("open");
        printer.kickDrawer();
    }

    @Override
    public boolean isOpen() {
        checkOpen("read");
        return printer.drawerSignalHigh() == (openWhen == OpenSignal.HIGH);
    }

    @Override
    public void close() {
        closed = true;
    }

    private void checkOpen(String action) {
        if (closed) {
            throw new IllegalStateException("drawer " + id + ": closed; cannot " + action + " it");
        }
    }
}
