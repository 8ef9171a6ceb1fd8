package dev.outpost.hal.serial;

import java.time.Duration;

/**
 * One serial line. Defaults ({@link #of}) are 9600 8N1, full duplex, 1 s read and write timeouts.
 *
 * @param port            the device path, e.g. {@code /dev/ttyUSB0} or {@code /dev/pts/3}
 * @param rs485HalfDuplex let the driver switch the RS-485 transceiver (kernel RTS control) where supported
 * @param readTimeout     how long {@link SerialLink#read(byte[])} waits for the first byte
 * @param writeTimeout    how long a write may block before it fails
 */
public record SerialConfig(String port, int baud, int dataBits, Parity parity, StopBits stopBits,
                           boolean rs485HalfDuplex, Duration readTimeout, Duration writeTimeout) {

    public static final int MIN_BAUD = 1200;
    public static final int MAX_BAUD = 921_600;
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

    public SerialConfig {
        if (port == null || port.isBlank()) {
            throw new IllegalArgumentException("serial.port must be a device path such as /dev/ttyUSB0, was "
                    + (port == null ? "null" : "\"" + port + "\""));
        }
        if (baud < MIN_BAUD || baud > MAX_BAUD) {
            throw new IllegalArgumentException("serial.baud must be one of " + MIN_BAUD + ".." + MAX_BAUD
                    + ", was " + baud);
        }
        if (dataBits < 5 || dataBits > 8) {
            throw new IllegalArgumentException("serial.dataBits must be between 5 and 8, was " + dataBits);
        }
        if (parity == null) {
            throw new IllegalArgumentException("serial.parity must be one of NONE, EVEN, ODD, MARK, SPACE, was null");
        }
        if (stopBits == null) {
            throw new IllegalArgumentException("serial.stopBits must be one of ONE, ONE_AND_HALF, TWO, was null");
        }
        timeout("serial.readTimeout", readTimeout);
        timeout("serial.writeTimeout", writeTimeout);
    }

    private static void timeout(String field, Duration value) {
        if (value == null || value.toMillis() < 1 || value.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(field + " must be between 1 ms and " + MAX_TIMEOUT.toMillis()
                    + " ms, was " + (value == null ? "null" : value.toMillis() + " ms"));
        }
    }

    public static SerialConfig of(String port) {
        return new SerialConfig(port, 9600, 8, Parity.NONE, StopBits.ONE, false, Duration.ofSeconds(1),
                Duration.ofSeconds(1));
    }

    public SerialConfig withBaud(int newBaud) {
        return new SerialConfig(port, newBaud, dataBits, parity, stopBits, rs485HalfDuplex, readTimeout, writeTimeout);
    }

    public SerialConfig withFraming(int newDataBits, Parity newParity, StopBits newStopBits) {
        return new SerialConfig(port, baud, newDataBits, newParity, newStopBits, rs485HalfDuplex, readTimeout,
                writeTimeout);
    }

    public SerialConfig withRs485HalfDuplex(boolean halfDuplex) {
        return new SerialConfig(port, baud, dataBits, parity, stopBits, halfDuplex, readTimeout, writeTimeout);
    }

    public SerialConfig withReadTimeout(Duration timeout) {
        return new SerialConfig(port, baud, dataBits, parity, stopBits, rs485HalfDuplex, timeout, writeTimeout);
    }

    /** e.g. {@code 9600 8N1}. */
    public String framing() {
        String stop = switch (stopBits) {
            case ONE -> "1";
            case ONE_AND_HALF -> "1.5";
            case TWO -> "2";
        };
        return baud + " " + dataBits + parity.name().charAt(0) + stop;
    }
}
