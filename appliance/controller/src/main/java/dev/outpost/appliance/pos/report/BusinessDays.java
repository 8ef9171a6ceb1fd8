package dev.outpost.appliance.pos.report;

import dev.outpost.appliance.pos.PosException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Business days {@code from} to {@code to} (both included) in the store's zone: the dates sales are filed under
 * ({@code pos_sale.business_day}) and the instants they span, {@code [fromMs, untilMs)}.
 */
record BusinessDays(LocalDate from, LocalDate to, long fromMs, long untilMs) {
    static BusinessDays of(ZoneId zone, LocalDate from, LocalDate to) {
        return new BusinessDays(from, to, from.atStartOfDay(zone).toInstant().toEpochMilli(),
                to.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli());
    }

    /** {@code value} as a date; 400 naming the report and the field otherwise. */
    static LocalDate date(String report, String field, String value) {
        try {
            return LocalDate.parse(value == null ? "" : value);
        } catch (DateTimeException e) {
            throw PosException.badInput(report + ": " + field + ": expected a date YYYY-MM-DD, was '"
                    + (value == null ? "" : value) + "'");
        }
    }

    boolean contains(Instant at) {
        return at.toEpochMilli() >= fromMs && at.toEpochMilli() < untilMs;
    }
}
