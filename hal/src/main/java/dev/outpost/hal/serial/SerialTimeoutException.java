package dev.outpost.hal.serial;

/** {@link SerialLink#readExactly} did not get all bytes in time; {@link #received()} says how many came. */
public class SerialTimeoutException extends SerialException {

    private final int received;

    public SerialTimeoutException(String message, int received) {
        super(message);
        this.received = received;
    }

    public int received() {
        return received;
    }
}
