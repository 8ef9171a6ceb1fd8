package dev.outpost.relay.testing;

import com.fasterxml.jackson.databind.node.NullNode;
import dev.outpost.api.event.EventEnvelope;
import dev.outpost.api.event.PaymentFailed;
import dev.outpost.api.event.SalePaid;
import dev.outpost.api.event.SalePayment;
import dev.outpost.api.event.SaleRefunded;
import dev.outpost.api.event.SaleVoided;
import dev.outpost.api.event.UuidV7;
import dev.outpost.api.json.Json;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Sale events of pos-contract.md §2 in envelopes, as a store's POS terminal would send them; seeded ids. */
public final class SaleEvents {
    private final String site;
    private final Instant at;
    private final UuidV7 ids;
    private final AtomicLong sequence = new AtomicLong();

    public SaleEvents(String site, Instant at, long seed) {
        this.site = site;
        this.at = at;
        this.ids = new UuidV7(InstantSource.fixed(at), new SplittableRandom(seed));
    }

    public UUID transaction() {
        return ids.next();
    }

    public EventEnvelope envelope(String type, Object payload) {
        long n = sequence.incrementAndGet();
        return new EventEnvelope(ids.next(), site, "pos-1", type, at.plusSeconds(n), n, Json.toTree(payload));
    }

    /** A sale of one line, {@code quantity} at {@code unit}, with {@code discount} off and {@code tax} on. */
    public static SalePaid paid(UUID transaction, LocalDate day, String currency, long quantity, long unit, long discount,
                         long tax, List<SalePayment> payments, long change) {
        long subtotal = quantity * unit;
        long total = subtotal - discount + tax;
        return new SalePaid(transaction, "pos-1", "c-1", day.toString(), "main", 12, currency,
                List.of(new SalePaid.Line("SKU-1", "Thing", quantity, unit, discount, tax, total)), subtotal, discount, tax,
                total, payments, change, day.atTime(12, 0).toInstant(java.time.ZoneOffset.UTC));
    }

    public static SaleVoided voided(UUID transaction, LocalDate day, String currency, List<SalePayment> returned) {
        return new SaleVoided(transaction, day.toString(), currency,
                returned.stream().mapToLong(SalePayment::amountMinor).sum(), returned, "m-1", "wrong item",
                day.atTime(13, 0).toInstant(java.time.ZoneOffset.UTC));
    }

    public static SaleRefunded refunded(UUID transaction, LocalDate day, LocalDate saleDay, String currency,
                                 List<SalePayment> returned) {
        return new SaleRefunded(transaction, day.toString(), saleDay.toString(), currency,
                returned.stream().mapToLong(SalePayment::amountMinor).sum(), returned, "m-1", "damaged",
                day.atTime(14, 0).toInstant(java.time.ZoneOffset.UTC));
    }

    public static PaymentFailed failed(UUID transaction, LocalDate day, String currency, String provider, long amount,
                                String outcome) {
        return new PaymentFailed(transaction, day.toString(), currency, SalePayment.QR, provider, amount, NullNode.getInstance(),
                outcome, day.atTime(12, 0).toInstant(java.time.ZoneOffset.UTC));
    }

    public static SalePayment cash(long amount) {
        return new SalePayment(SalePayment.CASH, "cash", amount, (String) null);
    }

    public static SalePayment qr(String provider, long amount) {
        return new SalePayment(SalePayment.QR, provider, amount, "ref-" + amount);
    }
}
