package dev.outpost.hal.scanner;

import dev.outpost.hal.serial.SerialLink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import org.tinylog.Logger;

/**
 * A scanner in serial (or USB-CDC) mode that sends each code followed by CR, LF or CR LF. It owns the link:
 * a thread reads it until {@link #close()}, which closes the link and so wakes the thread.
 */
public final class SerialBarcodeScanner implements BarcodeScanner {

    /** Longer lines are noise or a misconfigured scanner; they are dropped whole. */
    public static final int MAX_CODE_LENGTH = 256;

    private static final Duration POLL = Duration.ofMillis(500);

    private final String id;
    private final SerialLink link;
    private final InstantSource clock;
    private final ScanListeners listeners;
    private final Thread reader;
    private volatile boolean closed;

    private SerialBarcodeScanner(String id, SerialLink link, InstantSource clock) {
        this.id = Objects.requireNonNull(id, "id");
        this.link = Objects.requireNonNull(link, "link");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listeners = new ScanListeners(id);
        this.reader = Thread.ofPlatform().daemon().name("scanner-" + id).unstarted(this::readLoop);
    }

    public static SerialBarcodeScanner start(String id, SerialLink link, InstantSource clock) {
        SerialBarcodeScanner scanner = new SerialBarcodeScanner(id, link, clock);
        scanner.reader.start();
        return scanner;
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

    private void readLoop() {
        byte[] buffer = new byte[256];
        byte[] line = new byte[MAX_CODE_LENGTH];
        int length = 0;
        boolean overlong = false;
        while (!closed) {
            int n;
            try {
                n = link.read(buffer, POLL);
            } catch (IllegalStateException e) {
                break;
            } catch (RuntimeException e) {
                if (!closed) {
                    Logger.error(e, "scanner {}: reading {} failed; scanner stopped", id, link.port());
                }
                break;
            }
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                if (b == '\r' || b == '\n') {
                    if (overlong) {
                        Logger.warn("scanner {}: dropped a line longer than {} bytes", id, MAX_CODE_LENGTH);
                    } else if (length > 0) {
                        String code = new String(line, 0, length, StandardCharsets.US_ASCII).strip();
                        if (!code.isEmpty()) {
                            listeners.deliver(new Scan(id, code, clock.instant()));
                        }
                    }
                    length = 0;
                    overlong = false;
                } else if (length < line.length) {
                    line[length++] = b;
                } else {
                    overlong = true;
                }
            }
        }
    }

    /** Stops reading and closes the link; waits up to 5 s for the reading thread to finish. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        listeners.clear();
        link.close();
        try {
            reader.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the reading thread is still running; false after close. */
    public boolean isReading() {
        return reader.isAlive();
    }

    private void checkOpen(String action) {
        if (closed) {
            throw new IllegalStateException("scanner " + id + ": closed; cannot " + action + " it");
        }
    }
}
