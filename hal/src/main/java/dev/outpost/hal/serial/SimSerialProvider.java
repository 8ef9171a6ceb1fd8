package dev.outpost.hal.serial;

import dev.outpost.hal.time.Ticker;

/** Selected only by {@code serial.driver=sim}; opens ports that have a device from {@link SimSerial#attach}. */
public final class SimSerialProvider implements SerialProvider {

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
    public SerialLink open(SerialConfig config, Ticker ticker) {
        return SimSerial.open(config, ticker);
    }
}
