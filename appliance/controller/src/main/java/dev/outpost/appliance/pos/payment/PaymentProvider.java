package dev.outpost.appliance.pos.payment;

/**
 * A QR payment provider: the terminal shows the QR code of {@link #start}'s answer, the customer pays in their app, the
 * engine polls {@link #status} until paid, failed or its own time limit ({@code pos.qr-timeout}), then
 * {@link #cancel}s. Calls block; a provider that cannot be reached throws, and the payment stays pending.
 */
public interface PaymentProvider {
    /** How the provider is named in sale events ({@code payments[].provider}). */
    String name();

    /**
     * Asks for {@code amountMinor} of {@code currency}; the provider's reference for it. Asking again with the same
     * {@code idempotencyKey} (after a crash or a lost answer) returns the same payment, never a second one.
     */
    Started start(String idempotencyKey, long amountMinor, String currency);

    Status status(String reference);

    /** Gives up a payment (timed out): the provider must not take the money after this. */
    void cancel(String reference);

    /** A started payment: its reference and what the customer's app scans. */
    record Started(String reference, String qrPayload) {
    }

    enum Status {
        PENDING, SUCCEEDED, FAILED
    }
}
