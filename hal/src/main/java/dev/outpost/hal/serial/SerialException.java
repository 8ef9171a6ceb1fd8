package dev.outpost.hal.serial;

/** A serial port could not be opened, read or written. The message starts with {@code serial <port>: }. */
public class SerialException extends RuntimeException {

    public SerialException(String message) {
        super(message);
    }

    public SerialException(String message, Throwable cause) {
        super(message, cause);
    }
}
