package dev.outpost.appliance.legacy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.regex.Pattern;

/**
 * One completed sale as the legacy POS receives it: what the POS engine hands to {@link LegacyGateway#forward}.
 *
 * @param transactionId the sale's id, unique per site: the device de-duplicates by it (1–64 of letters, digits,
 *                      {@code . _ : -})
 * @param totalMinor    the amount paid, in minor units of {@code currency} (0 or more)
 * @param currency      ISO 4217 code, three capital letters
 * @param businessDay   the store's business day the sale belongs to
 * @param occurredAt    when it was paid
 */
public record SaleRecord(String transactionId, long totalMinor, String currency, LocalDate businessDay,
                         Instant occurredAt) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    public SaleRecord {
        if (transactionId == null || !ID.matcher(transactionId).matches()) {
            throw new IllegalArgumentException("sale record: transaction_id must be 1 to 64 letters, digits, '.', '_',"
                    + " ':' or '-', was " + quoted(transactionId));
        }
        if (totalMinor < 0) {
            throw new IllegalArgumentException("sale record " + transactionId + ": total_minor must be 0 or more, was "
                    + totalMinor);
        }
        if (currency == null || !CURRENCY.matcher(currency).matches()) {
            throw new IllegalArgumentException("sale record " + transactionId + ": currency must be an ISO 4217 code of"
                    + " three capital letters such as EUR, was " + quoted(currency));
        }
        if (businessDay == null) {
            throw new IllegalArgumentException("sale record " + transactionId + ": business_day is required");
        }
        if (occurredAt == null) {
            throw new IllegalArgumentException("sale record " + transactionId + ": occurred_at is required");
        }
    }

    private static String quoted(String value) {
        return value == null ? "null" : "'" + value + "'";
    }
}
