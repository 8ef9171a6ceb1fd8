package dev.outpost.hal.gpio;

import java.time.Duration;
import java.util.Objects;

/**
 * @param id       a name for logs and errors, e.g. {@code entry-passage}
 * @param line     the line offset on the GPIO chip
 * @param pull     the bias resistor
 * @param debounce edges closer than this to the last accepted edge are merged; zero reports every change
 */
public record DigitalInputConfig(String id, int line, Pull pull, Duration debounce) {

    public static final Duration MAX_DEBOUNCE = Duration.ofSeconds(1);

    public DigitalInputConfig {
        GpioChecks.id("gpio.input.id", id);
        GpioChecks.line("gpio.input.line", line);
        Objects.requireNonNull(pull, "gpio.input.pull must be one of OFF, UP, DOWN, was null");
        if (debounce == null || debounce.isNegative() || debounce.compareTo(MAX_DEBOUNCE) > 0) {
            throw new IllegalArgumentException("gpio.input.debounce must be between 0 ms and "
                    + MAX_DEBOUNCE.toMillis() + " ms, was " + (debounce == null ? "null" : debounce.toMillis() + " ms"));
        }
    }

    public static DigitalInputConfig of(String id, int line) {
        return new DigitalInputConfig(id, line, Pull.OFF, Duration.ofMillis(10));
    }
}
