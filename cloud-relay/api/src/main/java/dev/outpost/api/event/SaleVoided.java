package dev.outpost.api.event;

import dev.outpost.api.json.Document;
import dev.outpost.api.json.Fields;
import dev.outpost.api.json.InvalidFieldException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The payload of {@code pos.sale.voided} (pos-contract.md §2): a paid sale voided the same business day, which reverses
 * it; {@code payments} are the money given back, adding up to {@code total_minor}.
 */
@Document(SaleVoided.TYPE)
public record SaleVoided(UUID transactionId, String businessDay, String currency, long totalMinor,
                         List<SalePayment> payments, String managerId, String reason, Instant voidedAt) {
    /** The event type of this payload. */
    public static final String TYPE = "pos.sale.voided";

    public SaleVoided {
        Fields.present("transaction_id", transactionId);
        SaleFields.day("business_day", businessDay);
        SaleFields.currency("currency", currency);
        Fields.notNegative("total_minor", totalMinor);
        payments = Fields.list("payments", payments);
        long returned = SalePayment.total("payments", payments);
        if (returned != totalMinor) {
            throw new InvalidFieldException("payments", "must add up to total_minor (" + totalMinor + "), added up to "
                    + returned);
        }
        Fields.nonBlank("manager_id", managerId);
        Fields.nonBlank("reason", reason);
        Fields.present("voided_at", voidedAt);
    }
}
