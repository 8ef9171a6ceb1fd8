package dev.outpost.appliance.orders;

/** The order store could not do something (its file, its disk); nothing of the request was applied. */
public final class OrderException extends RuntimeException {
    public OrderException(String message, Throwable cause) {
        super(message, cause);
    }
}
