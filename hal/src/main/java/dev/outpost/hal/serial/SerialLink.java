package dev.outpost.hal.serial;

import java.time.Duration;

/**
 * A byte stream over a serial line. Reads and writes may happen on different threads; two threads reading
 * at once get bytes in no particular split. Every method throws {@link IllegalStateException} after close.
 */
public interface SerialLink extends AutoCloseable {

    /** The port the link was opened on, as configured. */
    String port();

    /** Writes all of {@code data} or throws {@link SerialException}. */
    void write(byte[] data);

    /**
     * Waits up to {@code timeout} for at least one byte, then returns what is there, up to {@code length}.
     *
     * @return the number of bytes read, 0 if none came in time
     */
    int read(byte[] buffer, int offset, int length, Duration timeout);

    default int read(byte[] buffer, Duration timeout) {
        return read(buffer, 0, buffer.length, timeout);
    }

    /** {@link #read(byte[], Duration)} with the configured read timeout. */
    int read(byte[] buffer);

    /** Fills {@code buffer} or throws {@link SerialTimeoutException} once {@code timeout} has passed. */
    void readExactly(byte[] buffer, Duration timeout);

    /** Throws away input already received and not yet read. */
    int discardInput();

    /** Idempotent. */
    @Override
    void close();
}
