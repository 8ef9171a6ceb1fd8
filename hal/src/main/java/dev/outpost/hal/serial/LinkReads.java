package dev.outpost.hal.serial;

import dev.outpost.hal.time.Ticker;
import java.time.Duration;
import java.util.Objects;

final class LinkReads {

    private LinkReads() {}

    static void checkRange(String port, byte[] buffer, int offset, int length, Duration timeout) {
        Objects.requireNonNull(buffer, "buffer");
        Objects.requireNonNull(timeout, "timeout");
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("serial " + port + ": read timeout must not be negative, was " + timeout);
        }
    }

    static void readExactly(SerialLink link, Ticker ticker, byte[] buffer, Duration timeout) {
        checkRange(link.port(), buffer, 0, buffer.length, timeout);
        long deadline = ticker.nanos() + timeout.toNanos();
        int got = 0;
        while (got < buffer.length) {
            long left = deadline - ticker.nanos();
            if (left <= 0) {
                throw new SerialTimeoutException("serial " + link.port() + ": read " + got + " of " + buffer.length
                        + " bytes within " + timeout.toMillis() + " ms", got);
            }
            got += link.read(buffer, got, buffer.length - got, Duration.ofNanos(left));
        }
    }
}
