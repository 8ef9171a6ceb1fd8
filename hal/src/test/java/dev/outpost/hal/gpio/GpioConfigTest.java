package dev.outpost.hal.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class GpioConfigTest {

    private static void rejects(String message, Executable construct) {
        assertEquals(message, assertThrows(RuntimeException.class, construct).getMessage());
    }

    @Test
    void inputConfigNamesTheFieldTheLimitAndTheValue() {
        rejects("gpio.input.line must be between 0 and 1023, was -1",
                () -> new DigitalInputConfig("door", -1, Pull.OFF, Duration.ZERO));
        rejects("gpio.input.debounce must be between 0 ms and 1000 ms, was 1500 ms",
                () -> new DigitalInputConfig("door", 1, Pull.OFF, Duration.ofMillis(1500)));
        rejects("gpio.input.debounce must be between 0 ms and 1000 ms, was -1 ms",
                () -> new DigitalInputConfig("door", 1, Pull.OFF, Duration.ofMillis(-1)));
        rejects("gpio.input.id must be 1..64 characters of letters, digits, '.', '_' or '-', was \"a door\"",
                () -> new DigitalInputConfig("a door", 1, Pull.OFF, Duration.ZERO));
        rejects("gpio.input.pull must be one of OFF, UP, DOWN, was null",
                () -> new DigitalInputConfig("door", 1, null, Duration.ZERO));
    }

    @Test
    void outputConfigNamesTheFieldAndTheValue() {
        rejects("gpio.output.line must be between 0 and 1023, was 4096",
                () -> new DigitalOutputConfig("lock", 4096, State.LOW, State.LOW));
        rejects("gpio.output.shutdown must be one of LOW, HIGH, was null",
                () -> new DigitalOutputConfig("lock", 4, State.LOW, null));
    }

    @Test
    void settingsRejectAMalformedDriverOrChip() {
        rejects("gpio.driver must be auto or a driver name such as gpiod or sim, was \"Pi4J!\"",
                () -> GpioSettings.driver("Pi4J!"));
        rejects("gpio.chip must look like gpiochip0, was \"/dev/gpiochip0\"",
                () -> new GpioSettings("auto", "/dev/gpiochip0"));
    }

    @Test
    void defaultsAreAutoOnTheFirstChipWithTenMillisecondDebounce() {
        assertEquals(new GpioSettings("auto", "gpiochip0"), GpioSettings.defaults());
        assertEquals(Duration.ofMillis(10), DigitalInputConfig.of("door", 4).debounce());
    }
}
