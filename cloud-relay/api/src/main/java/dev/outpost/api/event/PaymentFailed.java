package dev.outpost.api.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.json.Document;
import dev.outpost.api.json.Fields;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The payload of {@code pos.payment.failed} (pos-contract.md §2): a payment attempt that took no money, because the
 * provider refused it ({@code failed}) or did not answer in time ({@code timed_out}).
 *
 * @param reference the provider's reference, a string or null (see {@link SalePayment})
 */
@Document(PaymentFailed.TYPE)
public record PaymentFailed(UUID transactionId, String businessDay, String currency, String method, String provider,
                            long amountMinor, JsonNode reference, String outcome, Instant at) {
    /** The event type of this payload. */
    public static final String TYPE = "pos.payment.failed";

    public static final String FAILED = "failed";
    public static final String TIMED_OUT = "timed_out";

    public PaymentFailed {
        Fields.present("transaction_id", transactionId);
        SaleFields.day("business_day", businessDay);
        SaleFields.currency("currency", currency);
        Fields.oneOf("method", method, SalePayment.METHODS);
        Fields.nonBlank("provider", provider);
        Fields.positive("amount_minor", amountMinor);
        reference = SalePayment.checkedReference("reference", reference);
        Fields.oneOf("outcome", outcome, List.of(FAILED, TIMED_OUT));
        Fields.present("at", at);
    }
}
