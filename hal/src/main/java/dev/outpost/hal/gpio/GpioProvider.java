package dev.outpost.hal.gpio;

import dev.outpost.hal.time.Scheduler;
import dev.outpost.hal.time.Ticker;

/**
 * A GPIO driver, found by {@link java.util.ServiceLoader}. {@code auto} only ever picks a provider that is
 * not {@link #simulated()} and is {@link #available()}.
 */
public interface GpioProvider {

    /** The value of {@code gpio.driver} that selects this provider. */
    String name();

    boolean simulated();

    boolean available();

    /** What was found when checking availability, for error messages, e.g. "no /dev/gpiochip*, arch amd64". */
    String availability();

    Gpio open(GpioSettings settings, Ticker ticker, Scheduler scheduler);
}
