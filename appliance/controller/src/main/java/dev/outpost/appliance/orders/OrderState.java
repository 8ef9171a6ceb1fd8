package dev.outpost.appliance.orders;

import java.util.Set;

/**
 * Where a restaurant order is: DRAFT → PENDING_PAYMENT → PREPARING → READY → COMPLETED, or CANCELLED while unpaid or,
 * paid, when the POS voids or refunds the sale that paid it. A recall at a kitchen station takes a READY order back to
 * PREPARING.
 */
public enum OrderState {
    DRAFT, PENDING_PAYMENT, PREPARING, READY, COMPLETED, CANCELLED;

    /** Whether an order may go from this state to {@code next}. */
    public boolean canBecome(OrderState next) {
        return switch (this) {
            case DRAFT -> Set.of(PENDING_PAYMENT, CANCELLED).contains(next);
            case PENDING_PAYMENT -> Set.of(PREPARING, CANCELLED).contains(next);
            case PREPARING -> Set.of(READY, CANCELLED).contains(next);
            case READY -> Set.of(PREPARING, COMPLETED, CANCELLED).contains(next);
            case COMPLETED, CANCELLED -> false;
        };
    }

    /** Closed orders change no more. */
    public boolean closed() {
        return this == COMPLETED || this == CANCELLED;
    }
}
