package dev.outpost.appliance.orders;

/** A change the order's state does not allow (HTTP 409); nothing was changed. */
public final class OrderRefused extends RuntimeException {
    public OrderRefused(String message) {
        super(message, null, false, false);
    }
}
