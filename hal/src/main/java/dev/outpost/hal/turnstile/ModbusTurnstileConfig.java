package dev.outpost.hal.turnstile;

import dev.outpost.hal.modbus.ModbusMaster;
import dev.outpost.hal.serial.SerialConfig;
import java.time.Duration;

/**
 * A turnstile behind an RS-485 I/O module. Defaults ({@link #of}): poll every 20 ms, 100 ms response timeout,
 * reported down after 3 consecutive failed polls.
 *
 * @param serial             the line to the module (port, baud and framing; the module's default is 9600 8N1)
 * @param unit               the module's Modbus unit id, 1..247
 * @param pollPeriod         the pause between the end of one poll and the start of the next, 1 ms..10 s
 * @param responseTimeout    how long the module may take to start answering (the wire time of request and
 *                           reply comes on top), 10 ms..10 s
 * @param failuresBeforeDown consecutive failed polls (no reply, bad CRC, malformed reply) before the status says
 *                           {@code answering=false}, 1..100
 */
public record ModbusTurnstileConfig(SerialConfig serial, int unit, Duration pollPeriod, Duration responseTimeout,
                                    int failuresBeforeDown) {

    public static final Duration DEFAULT_POLL_PERIOD = Duration.ofMillis(20);
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofMillis(100);
    public static final int DEFAULT_FAILURES_BEFORE_DOWN = 3;

    public ModbusTurnstileConfig {
        if (serial == null) {
            throw new IllegalArgumentException("turnstile.modbus.serial must name the line to the I/O module, "
                    + "was null");
        }
        if (unit < 1 || unit > ModbusMaster.MAX_UNIT) {
            throw new IllegalArgumentException("turnstile.modbus.unit must be between 1 and " + ModbusMaster.MAX_UNIT
                    + ", was " + unit);
        }
        duration("turnstile.modbus.pollPeriod", pollPeriod, Duration.ofMillis(1));
        duration("turnstile.modbus.responseTimeout", responseTimeout, Duration.ofMillis(10));
        if (failuresBeforeDown < 1 || failuresBeforeDown > 100) {
            throw new IllegalArgumentException("turnstile.modbus.failuresBeforeDown must be between 1 and 100, was "
                    + failuresBeforeDown);
        }
    }

    private static void duration(String field, Duration value, Duration min) {
        Duration max = Duration.ofSeconds(10);
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(field + " must be between " + min.toMillis() + " ms and "
                    + max.toMillis() + " ms, was " + (value == null ? "null" : value.toMillis() + " ms"));
        }
    }

    public static ModbusTurnstileConfig of(SerialConfig serial, int unit) {
        return new ModbusTurnstileConfig(serial, unit, DEFAULT_POLL_PERIOD, DEFAULT_RESPONSE_TIMEOUT,
                DEFAULT_FAILURES_BEFORE_DOWN);
    }

    public ModbusTurnstileConfig withPollPeriod(Duration period) {
        return new ModbusTurnstileConfig(serial, unit, period, responseTimeout, failuresBeforeDown);
    }

    public ModbusTurnstileConfig withResponseTimeout(Duration timeout) {
        return new ModbusTurnstileConfig(serial, unit, pollPeriod, timeout, failuresBeforeDown);
    }

    public ModbusTurnstileConfig withFailuresBeforeDown(int failures) {
        return new ModbusTurnstileConfig(serial, unit, pollPeriod, responseTimeout, failures);
    }
}
