package dev.outpost.gate;

import dev.outpost.hal.gpio.GpioSettings;
import dev.outpost.hal.serial.SerialSettings;
import dev.outpost.hal.turnstile.GpioTurnstileConfig;
import dev.outpost.hal.turnstile.ModbusTurnstileConfig;

/** How the controller reaches its turnstile ({@code turnstile.driver}): an RS-485 I/O module, or GPIO lines. */
public sealed interface TurnstileWiring {

    /** {@code turnstile.driver=modbus}: the I/O module of ARCHITECTURE.md §8 on a serial line. */
    record OverModbus(SerialSettings serial, ModbusTurnstileConfig module) implements TurnstileWiring {
    }

    /** {@code turnstile.driver=gpio}: the turnstile wired straight to GPIO lines. */
    record OverGpio(GpioSettings gpio, GpioTurnstileConfig lines) implements TurnstileWiring {
    }
}
