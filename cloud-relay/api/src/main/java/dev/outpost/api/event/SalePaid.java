package dev.outpost.api.event;

import dev.outpost.api.json.Document;
import dev.outpost.api.json.Fields;
import dev.outpost.api.json.InvalidFieldException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The payload of {@code pos.sale.paid} (pos-contract.md §2): a sale the store took money for. Amounts are integer minor
 * units of {@code currency}; {@code payments} are the money each means took, adding up to {@code total_minor};
 * {@code change_minor} is what the cashier gave back on top of a cash payment (the customer tendered that payment plus
 * the change).
 */
@Document(SalePaid.TYPE)
public record SalePaid(UUID transactionId, String terminalId, String cashierId, String businessDay, String catalog,
                       long catalogVersion, String currency, List<Line> lines, long subtotalMinor, long discountMinor,
                       long taxMinor, long totalMinor, List<SalePayment> payments, long changeMinor, Instant paidAt) {
    /** The event type of this payload. */
    public static final String TYPE = "pos.sale.paid";


    /** One line of the sale, as priced with the catalog version the sale names. */
    public record Line(String sku, String name, long quantity, long unitPriceMinor, long discountMinor, long taxMinor,
                       long totalMinor) {
        public Line {
            Fields.nonBlank("sku", sku);
            Fields.nonBlank("name", name);
            Fields.positive("quantity", quantity);
            Fields.notNegative("unit_price_minor", unitPriceMinor);
            Fields.notNegative("discount_minor", discountMinor);
            Fields.notNegative("tax_minor", taxMinor);
            Fields.notNegative("total_minor", totalMinor);
        }
    }

    public SalePaid {
        Fields.present("transaction_id", transactionId);
        Fields.nonBlank("terminal_id", terminalId);
        Fields.nonBlank("cashier_id", cashierId);
        SaleFields.day("business_day", businessDay);
        Fields.nonBlank("catalog", catalog);
        Fields.positive("catalog_version", catalogVersion);
        SaleFields.currency("currency", currency);
        lines = Fields.list("lines", lines);
        if (lines.isEmpty()) {
            throw new InvalidFieldException("lines", "must hold at least one line");
        }
        Fields.notNegative("subtotal_minor", subtotalMinor);
        Fields.notNegative("discount_minor", discountMinor);
        Fields.notNegative("tax_minor", taxMinor);
        Fields.notNegative("total_minor", totalMinor);
        payments = Fields.list("payments", payments); // none for a free sale: the sum below says so
        Fields.notNegative("change_minor", changeMinor);
        long paid = SalePayment.total("payments", payments);
        if (paid != totalMinor) {
            throw new InvalidFieldException("payments", "must add up to total_minor (" + totalMinor + "), added up to "
                    + paid);
        }
        if (changeMinor > 0 && payments.stream().noneMatch(p -> p.method().equals(SalePayment.CASH))) {
            throw new InvalidFieldException("change_minor", "change is given back from cash tendered: must be 0 without a"
                    + " cash payment, was " + changeMinor);
        }
        Fields.present("paid_at", paidAt);
    }
}
