package dev.outpost.hal.turnstile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.outpost.hal.serial.SerialConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ModbusTurnstileConfigTest {

    private static final SerialConfig LINE = SerialConfig.of("/dev/ttyUSB0");

    private static void rejects(String message, Executable construct) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, construct).getMessage());
    }

    @Test
    void defaultsPollEvery20MsWaitFor100MsAndGoDownAfter3Failures() {
        ModbusTurnstileConfig config = ModbusTurnstileConfig.of(LINE, 1);
        assertEquals(Duration.ofMillis(20), config.pollPeriod());
        assertEquals(Duration.ofMillis(100), config.responseTimeout());
        assertEquals(3, config.failuresBeforeDown());
        assertEquals("9600 8N1", config.serial().framing());
    }

    @Test
    void badValuesNameTheFieldTheLimitAndTheValue() {
        rejects("turnstile.modbus.unit must be between 1 and 247, was 0", () -> ModbusTurnstileConfig.of(LINE, 0));
        rejects("turnstile.modbus.unit must be between 1 and 247, was 248", () -> ModbusTurnstileConfig.of(LINE, 248));
        rejects("turnstile.modbus.pollPeriod must be between 1 ms and 10000 ms, was 0 ms",
                () -> ModbusTurnstileConfig.of(LINE, 1).withPollPeriod(Duration.ZERO));
        rejects("turnstile.modbus.responseTimeout must be between 10 ms and 10000 ms, was 5 ms",
                () -> ModbusTurnstileConfig.of(LINE, 1).withResponseTimeout(Duration.ofMillis(5)));
        rejects("turnstile.modbus.failuresBeforeDown must be between 1 and 100, was 0",
                () -> ModbusTurnstileConfig.of(LINE, 1).withFailuresBeforeDown(0));
        rejects("turnstile.modbus.serial must name the line to the I/O module, was null",
                () -> ModbusTurnstileConfig.of(null, 1));
    }
}
