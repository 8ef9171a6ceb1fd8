package dev.outpost.appliance.orders;

/** An order id this appliance does not hold (HTTP 404). */
public final class NoSuchOrder extends RuntimeException {
    public NoSuchOrder(String message) {
        super(message, null, false, false);
    }
}
