package dev.outpost.hal.serial;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import dev.outpost.hal.time.Ticker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A serial port through jSerialComm. Reads use semi-blocking mode (return as soon as a byte is there), with
 * the port's read timeout changed only when a caller asks for a different one. jSerialComm opens ports
 * exclusively, and its DATA_WRITTEN event never fires on Linux, so nothing here relies on events.
 */
final class JSerialCommLink implements SerialLink {

    private static final int TIMEOUTS = SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING;

    private final SerialConfig config;
    private final SerialPort port;
    private final Ticker ticker;
    private final ReentrantLock readLock = new ReentrantLock();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final int writeTimeoutMillis;
    private volatile int readTimeoutMillis;
    private volatile boolean closed;

    private JSerialCommLink(SerialConfig config, SerialPort port, Ticker ticker) {
        this.config = config;
        this.port = port;
        this.ticker = ticker;
        this.readTimeoutMillis = millis(config.readTimeout());
        this.writeTimeoutMillis = millis(config.writeTimeout());
    }

    static JSerialCommLink open(SerialConfig config, Ticker ticker) {
        Objects.requireNonNull(ticker, "ticker");
        if (config.port().startsWith("/") && !Files.exists(Path.of(config.port()))) {
            throw new SerialException("serial " + config.port() + ": no such device; check serial.port and that the "
                    + "adapter is plugged in");
        }
        SerialPort port;
        try {
            port = SerialPort.getCommPort(config.port());
        } catch (SerialPortInvalidPortException e) {
            throw new SerialException("serial " + config.port() + ": not a serial port path; check serial.port ("
                    + e.getMessage() + ")", e);
        }
        port.setComPortParameters(config.baud(), config.dataBits(), stopBits(config.stopBits()),
                parity(config.parity()), config.rs485HalfDuplex());
        if (config.rs485HalfDuplex()) {
            // RTS drives the transceiver's driver-enable; the receiver is off while sending, so no local echo
            port.setRs485ModeParameters(true, true, false, false, 0, 0);
        }
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        JSerialCommLink link = new JSerialCommLink(config, port, ticker);
        port.setComPortTimeouts(TIMEOUTS, link.readTimeoutMillis, link.writeTimeoutMillis);
        if (!port.openPort()) {
            throw new SerialException("serial " + config.port() + ": cannot open at " + config.framing()
                    + " (jSerialComm error " + port.getLastErrorCode() + " at " + port.getLastErrorLocation()
                    + "); check that the device exists, that this user may read and write it, and that no other "
                    + "process holds it (ports are opened exclusively)");
        }
        return link;
    }

    @Override
    public String port() {
        return config.port();
    }

    @Override
    public void write(byte[] data) {
        Objects.requireNonNull(data, "data");
        writeLock.lock();
        try {
            checkOpen("write");
            long deadline = ticker.nanos() + config.writeTimeout().toNanos();
            int written = 0;
            while (written < data.length) {
                int n = port.writeBytes(data, data.length - written, written);
                if (n < 0) {
                    checkOpen("write");
                    throw new SerialException("serial " + config.port() + ": write failed after " + written + " of "
                            + data.length + " bytes (jSerialComm error " + port.getLastErrorCode()
                            + "); was the device unplugged?");
                }
                written += n;
                if (written < data.length && ticker.nanos() - deadline >= 0) {
                    throw new SerialException("serial " + config.port() + ": wrote " + written + " of " + data.length
                            + " bytes within " + config.writeTimeout().toMillis() + " ms");
                }
            }
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length, Duration timeout) {
        LinkReads.checkRange(config.port(), buffer, offset, length, timeout);
        readLock.lock();
        try {
            checkOpen("read");
            if (length == 0) {
                return 0;
            }
            int toRead = length;
            if (timeout.isZero()) {
                int available = port.bytesAvailable();
                if (available <= 0) {
                    return 0;
                }
                toRead = Math.min(length, available);
            } else {
                int wanted = millis(timeout);
                if (wanted != readTimeoutMillis) {
                    port.setComPortTimeouts(TIMEOUTS, wanted, writeTimeoutMillis);
                    readTimeoutMillis = wanted;
                }
            }
            int n = port.readBytes(buffer, toRead, offset);
            if (n < 0) {
                checkOpen("read");
                throw new SerialException("serial " + config.port() + ": read failed (jSerialComm error "
                        + port.getLastErrorCode() + "); was the device unplugged?");
            }
            return n;
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public int read(byte[] buffer) {
        return read(buffer, 0, buffer.length, config.readTimeout());
    }

    @Override
    public void readExactly(byte[] buffer, Duration timeout) {
        checkOpen("read");
        LinkReads.readExactly(this, ticker, buffer, timeout);
    }

    @Override
    public int discardInput() {
        readLock.lock();
        try {
            checkOpen("discard input of");
            byte[] scratch = new byte[512];
            int dropped = 0;
            int available;
            while ((available = port.bytesAvailable()) > 0) {
                int n = port.readBytes(scratch, Math.min(available, scratch.length), 0);
                if (n <= 0) {
                    break;
                }
                dropped += n;
            }
            return dropped;
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        port.closePort();
    }

    private void checkOpen(String action) {
        if (closed) {
            throw new IllegalStateException("serial " + config.port() + ": closed; cannot " + action + " it");
        }
    }

    /** jSerialComm takes whole milliseconds; round up so a short timeout never becomes "block forever" (0). */
    private static int millis(Duration timeout) {
        long nanos = timeout.toNanos();
        long millis = (nanos + 999_999) / 1_000_000;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis));
    }

    private static int stopBits(StopBits stopBits) {
        return switch (stopBits) {
            case ONE -> SerialPort.ONE_STOP_BIT;
            case ONE_AND_HALF -> SerialPort.ONE_POINT_FIVE_STOP_BITS;
            case TWO -> SerialPort.TWO_STOP_BITS;
        };
    }

    private static int parity(Parity parity) {
        return switch (parity) {
            case NONE -> SerialPort.NO_PARITY;
            case EVEN -> SerialPort.EVEN_PARITY;
            case ODD -> SerialPort.ODD_PARITY;
            case MARK -> SerialPort.MARK_PARITY;
            case SPACE -> SerialPort.SPACE_PARITY;
        };
    }

    @Override
    public String toString() {
        return "JSerialCommLink[" + config.port() + ", " + config.framing() + "]";
    }
}
