package dev.outpost.api.text;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

/** Money in integer minor units, as people read it (a channel's price, the cashier's sale). */
public final class Money {
    private Money() {
    }

    /** {@code minor} units of {@code currency} as {@code locale} writes money: 1850 USD in en-US is "$18.50". Exact. */
    public static String display(long minor, String currency, Locale locale) {
        Currency unit = Currency.getInstance(currency);
        int digits = Math.max(unit.getDefaultFractionDigits(), 0);
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(unit);
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        return format.format(BigDecimal.valueOf(minor).movePointLeft(digits));
    }
}
