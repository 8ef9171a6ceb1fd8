package dev.outpost.hal.scanner;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.tinylog.Logger;

final class ScanListeners {

    private final String scanner;
    private final List<ScanListener> listeners = new CopyOnWriteArrayList<>();

    ScanListeners(String scanner) {
        this.scanner = scanner;
    }

    void add(ScanListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    void remove(ScanListener listener) {
        listeners.remove(listener);
    }

    void clear() {
        listeners.clear();
    }

    void deliver(Scan scan) {
        for (ScanListener listener : listeners) {
            try {
                listener.onScan(scan);
            } catch (RuntimeException e) {
                Logger.error(e, "scanner {}: listener failed on code {}", scanner, scan.code());
            }
        }
    }
}
