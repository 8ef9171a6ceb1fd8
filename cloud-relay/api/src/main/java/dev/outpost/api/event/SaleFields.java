package dev.outpost.api.event;

import dev.outpost.api.json.Fields;
import dev.outpost.api.json.InvalidFieldException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.regex.Pattern;

/** Checks the sale events share (pos-contract.md §2). */
final class SaleFields {
    private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private SaleFields() {
    }

    /** A store-local date, YYYY-MM-DD. */
    static LocalDate day(String field, String value) {
        Fields.present(field, value);
        try {
            if (DAY.matcher(value).matches()) {
                return LocalDate.parse(value);
            }
        } catch (DateTimeParseException e) {
            // said below
        }
        throw new InvalidFieldException(field, "must be a date YYYY-MM-DD, was \"" + value + "\"");
    }

    /** An ISO 4217 code this JVM knows. */
    static String currency(String field, String value) {
        Fields.present(field, value);
        try {
            if (value.matches("[A-Z]{3}")) {
                Currency.getInstance(value);
                return value;
            }
        } catch (IllegalArgumentException e) {
            // said below
        }
        throw new InvalidFieldException(field, "must be an ISO 4217 currency code such as USD, was \"" + value + "\"");
    }
}
