package dev.outpost.hal.gpio;

import dev.outpost.hal.time.Scheduler;
import dev.outpost.hal.time.Ticker;
import java.util.ServiceLoader;

/**
 * An open GPIO driver: hands out input and output lines, and closing it closes every line it opened
 * (outputs go to their shutdown state).
 */
public interface Gpio extends AutoCloseable {

    /** The driver name, e.g. {@code gpiod} or {@code sim}. */
    String driver();

    DigitalInput input(DigitalInputConfig config);

    DigitalOutput output(DigitalOutputConfig config);

    @Override
    void close();

    static Gpio open(GpioSettings settings) {
        return open(settings, Ticker.system(), Scheduler.system());
    }

    static Gpio open(GpioSettings settings, Ticker ticker, Scheduler scheduler) {
        return GpioSelection.open(settings, ticker, scheduler, ServiceLoader.load(GpioProvider.class));
    }
}
