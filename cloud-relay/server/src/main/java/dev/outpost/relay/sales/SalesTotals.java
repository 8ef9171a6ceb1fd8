package dev.outpost.relay.sales;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a store took in one currency over a period, in integer minor units of that currency.
 *
 * @param sales         paid sales
 * @param grossMinor    their subtotals, before discounts
 * @param discountMinor their discounts
 * @param taxMinor      their tax
 * @param totalMinor    their totals (what the customers paid)
 * @param voids         sales voided the same day, and their totals ({@code voidedMinor})
 * @param refunds       refunds made in the period (whenever the sale was), and the money returned ({@code refundedMinor})
 * @param netMinor      totals less voids and refunds
 * @param byMethod      net per means of payment (cash, qr): what each took less what it gave back
 */
public record SalesTotals(long sales, long grossMinor, long discountMinor, long taxMinor, long totalMinor, long voids,
                          long voidedMinor, long refunds, long refundedMinor, long netMinor, Map<String, Long> byMethod) {
    public SalesTotals {
        byMethod = Map.copyOf(byMethod);
    }

    /** Both periods together. */
    SalesTotals plus(SalesTotals o) {
        Map<String, Long> methods = new TreeMap<>(byMethod);
        o.byMethod.forEach((method, amount) -> methods.merge(method, amount, Long::sum));
        return new SalesTotals(sales + o.sales, grossMinor + o.grossMinor, discountMinor + o.discountMinor,
                taxMinor + o.taxMinor, totalMinor + o.totalMinor, voids + o.voids, voidedMinor + o.voidedMinor,
                refunds + o.refunds, refundedMinor + o.refundedMinor, netMinor + o.netMinor, methods);
    }
}
