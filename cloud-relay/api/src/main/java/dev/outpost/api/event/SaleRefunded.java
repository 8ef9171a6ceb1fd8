package dev.outpost.api.event;

import dev.outpost.api.json.Document;
import dev.outpost.api.json.Fields;
import dev.outpost.api.json.InvalidFieldException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The payload of {@code pos.sale.refunded} (pos-contract.md §2): money given back for a sale, counted on
 * {@code business_day}, the day of the refund ({@code sale_business_day} is the sale's); {@code payments} are the money
 * returned per method and provider, adding up to {@code amount_minor}.
 */
@Document(SaleRefunded.TYPE)
public record SaleRefunded(UUID transactionId, String businessDay, String saleBusinessDay, String currency,
                           long amountMinor, List<SalePayment> payments, String managerId, String reason,
                           Instant refundedAt) {
    /** The event type of this payload. */
    public static final String TYPE = "pos.sale.refunded";

    public SaleRefunded {
        Fields.present("transaction_id", transactionId);
        LocalDate day = SaleFields.day("business_day", businessDay);
        LocalDate saleDay = SaleFields.day("sale_business_day", saleBusinessDay);
        if (saleDay.isAfter(day)) {
            throw new InvalidFieldException("sale_business_day", "must not be after business_day (" + businessDay
                    + "), was \"" + saleBusinessDay + "\"");
        }
        SaleFields.currency("currency", currency);
        Fields.positive("amount_minor", amountMinor);
        payments = Fields.list("payments", payments);
        long returned = SalePayment.total("payments", payments);
        if (returned != amountMinor) {
            throw new InvalidFieldException("payments", "must add up to amount_minor (" + amountMinor + "), added up to "
                    + returned);
        }
        Fields.nonBlank("manager_id", managerId);
        Fields.nonBlank("reason", reason);
        Fields.present("refunded_at", refundedAt);
    }
}
