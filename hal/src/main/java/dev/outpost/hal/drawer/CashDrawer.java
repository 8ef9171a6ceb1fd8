package dev.outpost.hal.drawer;

/** A cash drawer: software can open it; only a person closes it. */
public interface CashDrawer extends AutoCloseable {

    String id();

    /** Releases the latch; the drawer springs open. */
    void open();

    boolean isOpen();

    /** Releases the driver, not the drawer. */
    @Override
    void close();
}
