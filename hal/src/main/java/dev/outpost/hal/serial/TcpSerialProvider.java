package dev.outpost.hal.serial;

import dev.outpost.hal.time.Ticker;

/**
 * {@code serial.driver=tcp}: the port is {@code host:port} of a serial device server in raw TCP-server mode (see
 * {@link TcpSerialLink}). Select it by name: {@code auto} takes the local serial driver.
 */
public final class TcpSerialProvider implements SerialProvider {

    @Override
    public String name() {
        return "tcp";
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
        return "connects to host:port when asked";
    }

    @Override
    public SerialLink open(SerialConfig config, Ticker ticker) {
        return TcpSerialLink.connect(config, ticker);
    }
}
