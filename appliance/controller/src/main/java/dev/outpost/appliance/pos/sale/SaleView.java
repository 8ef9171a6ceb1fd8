package dev.outpost.appliance.pos.sale;

import dev.outpost.appliance.pos.pricing.Pricing;
import java.util.List;

/**
 * A sale as the terminal sees it. While DRAFT its lines are priced at every read with the held catalog; from
 * PENDING_PAYMENT on, with the prices locked at finalize ({@code catalog_version} says which catalog version).
 *
 * @param notice what the last request did that the cashier should know (a duplicate scan ignored), or null
 */
public record SaleView(String transactionId, SaleState state, String terminalId, String cashierId, String catalog,
                       long catalogVersion, String currency, String businessDay, List<Pricing.PricedLine> lines,
                       long subtotalMinor, long discountMinor, long taxMinor, long totalMinor,
                       List<PaymentView> payments, long changeMinor, String notice) {
    public SaleView {
        lines = List.copyOf(lines);
        payments = List.copyOf(payments);
    }

    SaleView withNotice(String text) {
        return new SaleView(transactionId, state, terminalId, cashierId, catalog, catalogVersion, currency, businessDay,
                lines, subtotalMinor, discountMinor, taxMinor, totalMinor, payments, changeMinor, text);
    }

    /** One payment attempt: state PENDING, SUCCEEDED, FAILED or TIMED_OUT; {@code qr_payload} for a QR code. */
    public record PaymentView(int attempt, String method, String provider, long amountMinor, long tenderedMinor,
                              String reference, String qrPayload, String state) {
    }
}
