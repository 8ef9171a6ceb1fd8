package dev.outpost.api.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.outpost.api.json.Fields;
import dev.outpost.api.json.InvalidFieldException;
import java.util.List;

/**
 * Money that moved by one means in a sale event (pos-contract.md §2): taken when the sale is paid, returned on a void
 * or a refund. {@code amount_minor} is in the event's currency's minor units.
 *
 * @param method    cash or qr
 * @param provider  who settles it: {@code cash}, or the QR provider's name
 * @param reference the provider's reference, a string or null (a JSON tree, as the strict mapper binds no null
 *                  string; see {@link #referenceText()})
 */
public record SalePayment(String method, String provider, long amountMinor, JsonNode reference) {
    public static final String CASH = "cash";
    public static final String QR = "qr";
    public static final List<String> METHODS = List.of(CASH, QR);

    public SalePayment {
        Fields.oneOf("method", method, METHODS);
        Fields.nonBlank("provider", provider);
        Fields.notNegative("amount_minor", amountMinor); // a free sale (all discounted) takes 0
        reference = checkedReference("reference", reference);
    }

    public SalePayment(String method, String provider, long amountMinor, String reference) {
        this(method, provider, amountMinor, reference == null ? NullNode.getInstance() : TextNode.valueOf(reference));
    }

    /** The provider's reference, or null. */
    public String referenceText() {
        return reference.isNull() ? null : reference.textValue();
    }

    /** A reference field of the sale contract: a non-blank string or null (absent is not allowed). */
    static JsonNode checkedReference(String field, JsonNode reference) {
        if (reference == null || reference.isNull()) {
            return NullNode.getInstance();
        }
        if (!reference.isTextual() || reference.textValue().isBlank()) {
            throw new InvalidFieldException(field, "must be a non-blank string or null, was " + reference);
        }
        return reference;
    }

    /** The sum of {@code payments}' amounts; a list that overflows a long is refused. */
    static long total(String field, List<SalePayment> payments) {
        long sum = 0;
        for (SalePayment p : payments) {
            try {
                sum = Math.addExact(sum, p.amountMinor());
            } catch (ArithmeticException e) {
                throw new InvalidFieldException(field, "amounts overflow");
            }
        }
        return sum;
    }
}
