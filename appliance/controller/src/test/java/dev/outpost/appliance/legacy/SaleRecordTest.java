package dev.outpost.appliance.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class SaleRecordTest {
    static final LocalDate DAY = LocalDate.parse("2026-11-21");
    static final Instant AT = Instant.parse("2026-11-21T12:00:00Z");

    private static String refused(String id, long total, String currency, LocalDate day, Instant at) {
        return assertThrows(IllegalArgumentException.class, () -> new SaleRecord(id, total, currency, day, at)).getMessage();
    }

    @Test
    void eachBadFieldIsNamedWithWhyAndTheValue() {
        assertEquals("sale record: transaction_id must be 1 to 64 letters, digits, '.', '_', ':' or '-', was 'a|b'",
                refused("a|b", 1, "EUR", DAY, AT));
        assertEquals("sale record: transaction_id must be 1 to 64 letters, digits, '.', '_', ':' or '-', was null",
                refused(null, 1, "EUR", DAY, AT));
        assertEquals("sale record t-1: total_minor must be 0 or more, was -1", refused("t-1", -1, "EUR", DAY, AT));
        assertEquals("sale record t-1: currency must be an ISO 4217 code of three capital letters such as EUR, was 'eur'",
                refused("t-1", 1, "eur", DAY, AT));
        assertEquals("sale record t-1: business_day is required", refused("t-1", 1, "EUR", null, AT));
        assertEquals("sale record t-1: occurred_at is required", refused("t-1", 1, "EUR", DAY, null));
    }
}
