package dev.outpost.hal.serial;

import dev.outpost.hal.time.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

final class SimSerialLink implements SerialLink {

    private final String port;
    private final ByteQueue in;
    private final ByteQueue out;
    private final Duration readTimeout;
    private final Ticker ticker;
    private final Runnable onClose;
    private volatile boolean closed;

    SimSerialLink(String port, ByteQueue in, ByteQueue out, Duration readTimeout, Ticker ticker, Runnable onClose) {
        this.port = port;
        this.in = in;
        this.out = out;
        this.readTimeout = readTimeout;
        this.ticker = ticker;
        this.onClose = onClose;
    }

    @Override
    public String port() {
        return port;
    }

    @Override
    public void write(byte[] data) {
        Objects.requireNonNull(data, "data");
        checkOpen("write");
        out.put(data, 0, data.length);
    }

    @Override
    public int read(byte[] buffer, int offset, int length, Duration timeout) {
        LinkReads.checkRange(port, buffer, offset, length, timeout);
        checkOpen("read");
        if (length == 0) {
            return 0;
        }
        try {
            int n = in.take(buffer, offset, length, TimeUnit.NANOSECONDS.convert(timeout), () -> closed);
            if (n < 0) {
                throw closedWhile("read");
            }
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SerialException("serial " + port + ": interrupted while reading", e);
        }
    }

    @Override
    public int read(byte[] buffer) {
        return read(buffer, 0, buffer.length, readTimeout);
    }

    @Override
    public void readExactly(byte[] buffer, Duration timeout) {
        checkOpen("read");
        LinkReads.readExactly(this, ticker, buffer, timeout);
    }

    @Override
    public int discardInput() {
        checkOpen("discard input of");
        return in.clear();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        in.wake();
        onClose.run();
    }

    private void checkOpen(String action) {
        if (closed) {
            throw closedWhile(action);
        }
    }

    private IllegalStateException closedWhile(String action) {
        return new IllegalStateException("serial " + port + ": closed; cannot " + action + " it");
    }

    @Override
    public String toString() {
        return "SimSerialLink[" + port + "]";
    }
}
