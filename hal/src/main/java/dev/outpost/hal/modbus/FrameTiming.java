package dev.outpost.hal.modbus;

import dev.outpost.hal.serial.SerialConfig;
import java.time.Duration;

/**
 * RTU timing at a line speed (Modbus over Serial Line V1.02 §2.5.1.1): a character is 11 bits on the line (start,
 * 8 data, parity or a second stop bit, stop), and frames are separated by at least 3.5 character times of silence,
 * fixed at 1.75 ms above 19200 baud, where the UART's own timing would make it too short to detect.
 */
public record FrameTiming(int baud) {

    private static final int BITS_PER_CHAR = 11;
    private static final Duration FAST_SILENCE = Duration.ofNanos(1_750_000);

    public FrameTiming {
        if (baud < SerialConfig.MIN_BAUD || baud > SerialConfig.MAX_BAUD) {
            throw new IllegalArgumentException("modbus baud must be between " + SerialConfig.MIN_BAUD + " and "
                    + SerialConfig.MAX_BAUD + ", was " + baud);
        }
    }

    public Duration charTime() {
        return Duration.ofNanos(BITS_PER_CHAR * 1_000_000_000L / baud);
    }

    /** t3.5: the silence that ends a frame. */
    public Duration silence() {
        return baud > 19_200 ? FAST_SILENCE : Duration.ofNanos(35 * BITS_PER_CHAR * 100_000_000L / baud);
    }

    /** How long {@code bytes} characters take on the line. */
    public Duration wireTime(int bytes) {
        return charTime().multipliedBy(bytes);
    }
}
