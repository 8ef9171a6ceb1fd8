package dev.outpost.hal.gpio;

/** GPIO could not be opened or a line could not be used. The message starts with what it is about. */
public class GpioException extends RuntimeException {

    public GpioException(String message) {
        super(message);
    }

    public GpioException(String message, Throwable cause) {
        super(message, cause);
    }
}
