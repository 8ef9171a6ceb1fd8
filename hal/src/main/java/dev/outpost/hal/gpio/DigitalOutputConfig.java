package dev.outpost.hal.gpio;

import java.util.Objects;

/**
 * @param initial  the level set when the line is opened
 * @param shutdown the level set when the line is closed; for a lock, the released level
 */
public record DigitalOutputConfig(String id, int line, State initial, State shutdown) {

    public DigitalOutputConfig {
        GpioChecks.id("gpio.output.id", id);
        GpioChecks.line("gpio.output.line", line);
        Objects.requireNonNull(initial, "gpio.output.initial must be one of LOW, HIGH, was null");
        Objects.requireNonNull(shutdown, "gpio.output.shutdown must be one of LOW, HIGH, was null");
    }
}
