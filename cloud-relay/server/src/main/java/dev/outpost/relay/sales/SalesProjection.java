package dev.outpost.relay.sales;

import dev.outpost.api.event.EventEnvelope;
import dev.outpost.api.event.EventTypes;
import dev.outpost.api.event.PaymentFailed;
import dev.outpost.api.event.SalePaid;
import dev.outpost.api.event.SalePayment;
import dev.outpost.api.event.SaleRefunded;
import dev.outpost.api.event.SaleVoided;
import dev.outpost.relay.store.Tx;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Projects the sale events a site sends ({@code pos.sale.paid}, {@code pos.sale.voided}, {@code pos.sale.refunded},
 * {@code pos.payment.failed}) into {@code sales_event} and {@code sales_payment}, in the transaction that stores them in
 * the inbox.
 *
 * <p>Design: every event becomes rows of its own, keyed by (site, event id), and the reads add them up. So a
 * duplicate changes nothing (the inbox passes on only the events it newly stored, and the keys would refuse a second
 * projection of one, failing the whole batch rather than counting twice), and the order events arrive in does not
 * matter: a void or a refund that comes before its sale still counts on its own business day. A payload that breaks
 * its contract never gets here: the inbox refuses its batch naming the field ({@link EventTypes#payload}), and the
 * appliance's outbox parks it.
 */
public final class SalesProjection {
    static final String SALE = "sale";
    static final String VOID = "void";
    static final String REFUND = "refund";
    static final String FAILED = "failed";
    static final String OK = "ok";

    private static final String EVENT = "INSERT INTO sales_event (site_id, event_id, kind, business_day, currency,"
            + " transaction_id, subtotal_minor, discount_minor, tax_minor, amount_minor, occurred_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String PAYMENT = "INSERT INTO sales_payment (site_id, event_id, position, kind, business_day,"
            + " currency, method, provider, outcome, amount_minor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** One means of payment of an event, as a row of {@code sales_payment}. */
    private record Money(String method, String provider, String outcome, long amountMinor) {
    }

    /** The inbox's follow-up ({@code StoredEvents}): projects the sale events among those it newly stored. */
    public void stored(Tx tx, String site, List<EventEnvelope> stored, Instant now) throws SQLException {
        try (PreparedStatement events = tx.connection().prepareStatement(EVENT);
             PreparedStatement payments = tx.connection().prepareStatement(PAYMENT)) {
            int n = 0;
            for (EventEnvelope event : stored) {
                Object payload = EventTypes.payload(event.type(), event.payload()).orElse(null);
                switch (payload) {
                    case SalePaid p -> {
                        addEvent(events, site, event, SALE, p.businessDay(), p.currency(), p.transactionId().toString(),
                                p.subtotalMinor(), p.discountMinor(), p.taxMinor(), p.totalMinor());
                        addPayments(payments, site, event, SALE, p.businessDay(), p.currency(), money(p.payments()));
                    }
                    case SaleVoided v -> {
                        addEvent(events, site, event, VOID, v.businessDay(), v.currency(), v.transactionId().toString(),
                                0, 0, 0, v.totalMinor());
                        addPayments(payments, site, event, VOID, v.businessDay(), v.currency(), money(v.payments()));
                    }
                    case SaleRefunded r -> {
                        addEvent(events, site, event, REFUND, r.businessDay(), r.currency(), r.transactionId().toString(),
                                0, 0, 0, r.amountMinor());
                        addPayments(payments, site, event, REFUND, r.businessDay(), r.currency(), money(r.payments()));
                    }
                    case PaymentFailed f -> addPayments(payments, site, event, FAILED, f.businessDay(), f.currency(),
                            List.of(new Money(f.method(), f.provider(), f.outcome(), f.amountMinor())));
                    case null, default -> {
                        continue;
                    }
                }
                n++;
            }
            if (n > 0) {
                events.executeBatch();
                payments.executeBatch();
            }
        }
    }

    /** A sale's payments (what each means took), or a void's or refund's (what each gave back). */
    private static List<Money> money(List<SalePayment> payments) {
        return payments.stream().map(p -> new Money(p.method(), p.provider(), OK, p.amountMinor())).toList();
    }

    private static void addEvent(PreparedStatement insert, String site, EventEnvelope event, String kind, String day,
                                 String currency, String transaction, long subtotal, long discount, long tax,
                                 long amount) throws SQLException {
        insert.setString(1, site);
        insert.setString(2, event.eventId().toString());
        insert.setString(3, kind);
        insert.setString(4, day);
        insert.setString(5, currency);
        insert.setString(6, transaction);
        insert.setLong(7, subtotal);
        insert.setLong(8, discount);
        insert.setLong(9, tax);
        insert.setLong(10, amount);
        insert.setString(11, event.occurredAt().toString());
        insert.addBatch();
    }

    private static void addPayments(PreparedStatement insert, String site, EventEnvelope event, String kind, String day,
                                    String currency, List<Money> money) throws SQLException {
        for (int i = 0; i < money.size(); i++) {
            Money m = money.get(i);
            insert.setString(1, site);
            insert.setString(2, event.eventId().toString());
            insert.setInt(3, i);
            insert.setString(4, kind);
            insert.setString(5, day);
            insert.setString(6, currency);
            insert.setString(7, m.method());
            insert.setString(8, m.provider());
            insert.setString(9, m.outcome());
            insert.setLong(10, m.amountMinor());
            insert.addBatch();
        }
    }
}
