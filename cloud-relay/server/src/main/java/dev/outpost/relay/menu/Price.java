package dev.outpost.relay.menu;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** An item's {@code price}: an integer amount of the currency's minor units (cents for USD). */
public record Price(long amountMinor, String currency) {
    public Price {
        Objects.requireNonNull(currency, "currency");
    }

    /**
     * The price in a {@code price} object, or null unless it has a currency and an amount validation accepts
     * (which also keeps {@code 5 * amount} within a long).
     */
    static Price of(JsonNode price) {
        JsonNode amount = price.path("amount_minor");
        JsonNode currency = price.path("currency");
        if (!amount.isIntegralNumber() || !amount.canConvertToLong() || !currency.isTextual()
                || amount.longValue() < 0 || amount.longValue() > Problems.MAX_INTEGER) {
            return null;
        }
        return new Price(amount.longValue(), currency.textValue());
    }

    /** {@code 899 USD minor units} */
    @Override
    public String toString() {
        return amountMinor + " " + currency + " minor units";
    }
}
