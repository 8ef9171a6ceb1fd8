package dev.outpost.hal.printer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A simulated printer that keeps every job it printed and can run out of paper, open its cover or go offline. */
public final class SimReceiptPrinter implements ReceiptPrinter {

    private final String id;
    private final List<byte[]> jobs = new ArrayList<>();
    private PrinterStatus status = PrinterStatus.READY;
    private boolean closed;

    public SimReceiptPrinter(String id) {
        this.id = Objects.requireNonNull(id, "id");
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public synchronized void print(byte[] escpos) {
        Objects.requireNonNull(escpos, "escpos");
        checkOpen("print on");
        if (status != PrinterStatus.READY) {
            throw new PrinterException("printer " + id + ": not ready (" + status + "); nothing printed", status);
        }
        jobs.add(escpos.clone());
    }

    @Override
    public synchronized PrinterStatus status() {
        checkOpen("ask");
        return status;
    }

    /** What the hardware would report from now on, e.g. {@link PrinterStatus#PAPER_OUT}. */
    public synchronized void setStatus(PrinterStatus newStatus) {
        status = Objects.requireNonNull(newStatus, "status");
    }

    /** Every job printed, oldest first. */
    public synchronized List<byte[]> jobs() {
        return jobs.stream().map(byte[]::clone).toList();
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private void checkOpen(String action) {
        if (closed) {
            throw new IllegalStateException("printer " + id + ": closed; cannot " + action + " it");
        }
    }
}
