package dev.outpost.hal.gpio;

import dev.outpost.hal.time.Scheduler;
import dev.outpost.hal.time.Ticker;

/** Selected only by {@code gpio.driver=sim}. */
public final class SimGpioProvider implements GpioProvider {

    @Override
    public String name() {
        return "sim";
    }

    @Override
    public boolean simulated() {
        return true;
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public String availability() {
        return "simulated lines in memory";
    }

    @Override
    public Gpio open(GpioSettings settings, Ticker ticker, Scheduler scheduler) {
        return new SimGpio(ticker, scheduler);
    }
}
