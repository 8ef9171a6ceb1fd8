package dev.outpost.hal.drawer;

import java.util.Objects;

/** A simulated drawer; {@link #pushShut()} is the cashier closing it. */
public final class SimCashDrawer implements CashDrawer {

    private final String id;
    private boolean open;
    private int openings;
    private boolean closed;

    public SimCashDrawer(String id) {
        this.id = Objects.requireNonNull(id, "id");
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public synchronized void open() {
        checkOpen("open");
        open = true;
        openings++;
    }

    @Override
    public synchronized boolean isOpen() {
        checkOpen("read");
        return open;
    }

    /** The cashier pushes the drawer shut. */
    public synchronized void pushShut() {
        checkOpen("push shut");
        open = false;
    }

    /** How many times software opened the drawer. */
    public synchronized int openings() {
        return openings;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private void checkOpen(String action) {
        if (closed) {
            throw new IllegalStateException("drawer " + id + ": closed; cannot " + action + " it");
        }
    }
}
