package dev.outpost.appliance.pos.sale;

import java.util.EnumSet;
import java.util.Set;

/**
 * A sale's life: DRAFT → PENDING_PAYMENT → PAID → VOID or REFUND_REQUESTED → REFUNDED. An unpaid sale (DRAFT,
 * PENDING_PAYMENT) can be voided too; a PAID one only on its business day (later, it is refunded).
 */
public enum SaleState {
    DRAFT, PENDING_PAYMENT, PAID, VOID, REFUND_REQUESTED, REFUNDED;

    public Set<SaleState> next() {
        return switch (this) {
            case DRAFT -> EnumSet.of(PENDING_PAYMENT, VOID);
            case PENDING_PAYMENT -> EnumSet.of(PAID, VOID);
            case PAID -> EnumSet.of(VOID, REFUND_REQUESTED);
            case REFUND_REQUESTED -> EnumSet.of(REFUNDED);
            case VOID, REFUNDED -> EnumSet.noneOf(SaleState.class);
        };
    }

    public boolean canBecome(SaleState next) {
        return next().contains(next);
    }
}
