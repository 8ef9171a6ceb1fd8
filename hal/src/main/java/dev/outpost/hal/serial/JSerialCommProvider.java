package dev.outpost.hal.serial;

import dev.outpost.hal.time.Ticker;

/** Real serial ports (USB adapters, UARTs, RS-485 dongles) through jSerialComm. */
public final class JSerialCommProvider implements SerialProvider {

    @Override
    public String name() {
        return "jserialcomm";
    }

    @Override
    public boolean simulated() {
        return false;
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public String availability() {
        return "jSerialComm opens device paths when asked";
    }

    @Override
    public SerialLink open(SerialConfig config, Ticker ticker) {
        return JSerialCommLink.open(config, ticker);
    }
}
