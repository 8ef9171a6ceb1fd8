package dev.outpost.hal.scanner;

import java.time.InstantSource;
import java.util.Objects;

/** A simulated scanner; {@link #scan(String)} is a person scanning a code. Listeners run on the caller's thread. */
public final class SimBarcodeScanner implements BarcodeScanner {

    private final String id;
    private final InstantSource clock;
    private final ScanListeners listeners;
    private volatile boolean closed;

    public SimBarcodeScanner(String id, InstantSource clock) {
        this.id = Objects.requireNonNull(id, "id");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listeners = new ScanListeners(id);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void addListener(ScanListener listener) {
        checkOpen("add a listener to");
        listeners.add(listener);
    }

    @Override
    public void removeListener(ScanListener listener) {
        listeners.remove(listener);
    }

    public void scan(String code) {
        Objects.requireNonNull(code, "code");
        checkOpen("scan with");
        if (code.isBlank() || code.length() > SerialBarcodeScanner.MAX_CODE_LENGTH) {
            throw new IllegalArgumentException("scanner " + id + ": a code must be 1.."
                    + SerialBarcodeScanner.MAX_CODE_LENGTH + " characters, was \"" + code + "\"");
        }
        listeners.deliver(new Scan(id, code, clock.instant()));
    }

    @Override
    public void close() {
        closed = true;
        listeners.clear();
    }

    private void checkOpen(String action) {
        if (closed) {
            throw new IllegalStateException("scanner " + id + ": closed; cannot " + action + " it");
        }
    }
}
