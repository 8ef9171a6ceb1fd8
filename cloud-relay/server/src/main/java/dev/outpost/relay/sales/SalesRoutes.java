package dev.outpost.relay.sales;

import dev.outpost.relay.http.Query;
import dev.outpost.relay.http.Responses;
import dev.outpost.relay.staff.Access;
import dev.outpost.relay.staff.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The sales reads, for anyone on staff (as the other reads): {@code GET /v1/sales/daily?site=&from=&to=} (days
 * YYYY-MM-DD, inclusive, at most {@value #MAX_DAYS}), {@code GET /v1/sales/weekly?site=&from=&to=} (ISO weeks
 * 2026-W47, inclusive, at most {@value #MAX_WEEKS}), {@code GET /v1/sales/reconciliation?provider=&from=&to=} and
 * {@code GET /v1/stores/overview}. {@code site} and {@code provider} are optional filters.
 */
public final class SalesRoutes {
    static final int MAX_DAYS = 366;
    static final int MAX_WEEKS = 106;
    private static final DateTimeFormatter ISO_WEEK = DateTimeFormatter.ISO_WEEK_DATE;

    private final Sales sales;
    private final Access access;

    public SalesRoutes(Sales sales, Access access) {
        this.sales = sales;
        this.access = access;
    }

    /** Register before the store directory's routes: {@code /v1/stores/overview} must win over {@code /v1/stores/{site}}. */
    public void register(RoutesConfig routes) {
        routes.get("/v1/sales/daily", this::daily);
        routes.get("/v1/sales/weekly", this::weekly);
        routes.get("/v1/sales/reconciliation", this::reconciliation);
        routes.get("/v1/stores/overview", ctx -> {
            access.require(ctx, Role.VIEWER);
            Query.of(ctx, "stores overview", List.of());
            Responses.json(ctx, sales.overview());
        });
    }

    private void daily(Context ctx) {
        access.require(ctx, Role.VIEWER);
        Query query = Query.of(ctx, "daily sales", List.of("site", "from", "to"));
        Days days = days(query);
        Responses.json(ctx, sales.daily(query.text("site"), days.from(), days.to()));
    }

    private void weekly(Context ctx) {
        access.require(ctx, Role.VIEWER);
        Query query = Query.of(ctx, "weekly sales", List.of("site", "from", "to"));
        LocalDate from = week(query, "from");
        LocalDate to = week(query, "to");
        range(query, from, to, ChronoUnit.WEEKS.between(from, to) + 1, MAX_WEEKS, "weeks");
        Responses.json(ctx, sales.weekly(query.text("site"), from, to));
    }

    private void reconciliation(Context ctx) {
        access.require(ctx, Role.VIEWER);
        Query query = Query.of(ctx, "payment reconciliation", List.of("provider", "from", "to"));
        Days days = days(query);
        Responses.json(ctx, sales.reconciliation(query.text("provider"), days.from(), days.to()));
    }

    /** The days {@code from} to {@code to}, both included, at most {@link #MAX_DAYS}. */
    private record Days(LocalDate from, LocalDate to) {
    }

    private static Days days(Query query) {
        LocalDate from = day(query, "from");
        LocalDate to = day(query, "to");
        range(query, from, to, ChronoUnit.DAYS.between(from, to) + 1, MAX_DAYS, "days");
        return new Days(from, to);
    }

    private static LocalDate day(Query query, String name) {
        String text = required(query, name, "a date such as 2026-11-21");
        try {
            if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(text);
            }
        } catch (DateTimeParseException e) {
            // said below
        }
        throw query.problem(name + " must be a date such as 2026-11-21, was '" + text + "'");
    }

    /** An ISO week (2026-W47), as its Monday. */
    private static LocalDate week(Query query, String name) {
        String text = required(query, name, "an ISO week such as 2026-W47");
        try {
            if (text.matches("\\d{4}-W\\d{2}")) {
                return LocalDate.parse(text + "-1", ISO_WEEK);
            }
        } catch (DateTimeParseException e) {
            // said below
        }
        throw query.problem(name + " must be an ISO week such as 2026-W47, was '" + text + "'");
    }

    private static String required(Query query, String name, String expected) {
        String text = query.text(name);
        if (text == null) {
            throw query.problem(name + " is required: " + expected);
        }
        return text;
    }

    private static void range(Query query, LocalDate from, LocalDate to, long length, int max, String unit) {
        if (to.isBefore(from)) {
            throw query.problem("to must not be before from");
        }
        if (length > max) {
            throw query.problem("from..to spans " + length + " " + unit + ", at most " + max + " at once");
        }
    }
}
