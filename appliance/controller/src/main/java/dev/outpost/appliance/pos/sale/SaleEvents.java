package dev.outpost.appliance.pos.sale;

import java.time.Instant;
import java.util.List;

/** The payloads of the sale events of the POS contract (pos-contract.md §2), amounts in minor units of currency. */
public final class SaleEvents {
    private SaleEvents() {
    }

    public static final String PAID = "pos.sale.paid";
    public static final String VOIDED = "pos.sale.voided";
    public static final String REFUNDED = "pos.sale.refunded";
    public static final String PAYMENT_FAILED = "pos.payment.failed";

    /** One line as sold. */
    public record Line(String sku, String name, long quantity, long unitPriceMinor, long discountMinor, long taxMinor,
                       long totalMinor) {
    }

    /** Money taken or returned: {@code method} cash or qr, {@code provider} cash or the QR provider's name. */
    public record Payment(String method, String provider, long amountMinor, String reference) {
    }

    public record SalePaid(String transactionId, String terminalId, String cashierId, String businessDay,
                           String catalog, long catalogVersion, String currency, List<Line> lines, long subtotalMinor,
                           long discountMinor, long taxMinor, long totalMinor, List<Payment> payments, long changeMinor,
                           Instant paidAt) {
    }

    public record SaleVoided(String transactionId, String businessDay, String currency, long totalMinor,
                             List<Payment> payments, String managerId, String reason, Instant voidedAt) {
    }

    public record SaleRefunded(String transactionId, String businessDay, String saleBusinessDay, String currency,
                               long amountMinor, List<Payment> payments, String managerId, String reason,
                               Instant refundedAt) {
    }

    /** {@code outcome}: failed or timed_out. */
    public record PaymentFailed(String transactionId, String businessDay, String currency, String method,
                                String provider, long amountMinor, String reference, String outcome, Instant at) {
    }
}
