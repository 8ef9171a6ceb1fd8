package dev.outpost.appliance.pos.pricing;

import dev.outpost.api.catalog.Promotion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lines to totals, in integer minor units; pure. The rules (also in the README, "POS pricing"):
 * <ol>
 *   <li>A line's gross is unit price × quantity; the subtotal is the sum of the gross.</li>
 *   <li>A promotion counts for a line when it runs at the pricing instant (the caller passes those), names the line's
 *       SKU, and the subtotal is at least its {@code min_purchase_minor} (boundary included).</li>
 *   <li>percent: the line's gross × basis points / 10000, rounded half up. amount: {@code amount_minor} off each unit,
 *       never below 0. buy X get Y: the eligible units of the whole basket, dearest first (ties by line), go in groups
 *       of X + Y; in every full group the Y cheapest are free, and each free unit's price is its line's discount.</li>
 *   <li>Promotions do not stack: each line takes the single promotion that takes most off it (ties: the first
 *       promotion of the catalog).</li>
 *   <li>Tax per line, on what is left after the discount (net), rounded half up per line: an excluded rate adds
 *       net × bp / 10000; an included rate is already in the net, of which it is net − net × 10000 / (10000 + bp).
 *       The line total is net plus excluded tax. Sale totals are the sums of the lines.</li>
 * </ol>
 */
public final class Pricing {
    private Pricing() {
    }

    /** One line to price. */
    public record Line(int lineNo, String sku, String name, long quantity, long unitPriceMinor, int taxBasisPoints,
                       boolean taxIncluded) {
    }

    /** A priced line; {@code promotion} is the id of the promotion applied, or null. */
    public record PricedLine(int lineNo, String sku, String name, long quantity, long unitPriceMinor,
                             long discountMinor, long taxMinor, long totalMinor, String promotion) {
    }

    public record Priced(List<PricedLine> lines, long subtotalMinor, long discountMinor, long taxMinor,
                         long totalMinor) {
        public Priced {
            lines = List.copyOf(lines);
        }
    }

    public static Priced price(List<Line> lines, List<Promotion> promotions) {
        long subtotal = 0;
        for (Line line : lines) {
            subtotal = Math.addExact(subtotal, Math.multiplyExact(line.unitPriceMinor(), line.quantity()));
        }
        // per line: the best discount offered, and by which promotion
        Map<Integer, long[]> best = new HashMap<>();
        Map<Integer, String> bestId = new HashMap<>();
        for (Promotion promotion : promotions) {
            if (subtotal < promotion.minPurchaseMinor()) {
                continue;
            }
            Map<Integer, Long> offered = discounts(promotion, lines);
            for (Map.Entry<Integer, Long> e : offered.entrySet()) {
                long[] current = best.computeIfAbsent(e.getKey(), k -> new long[] {0});
                if (e.getValue() > current[0]) {
                    current[0] = e.getValue();
                    bestId.put(e.getKey(), promotion.id());
                }
            }
        }
        List<PricedLine> priced = new ArrayList<>(lines.size());
        long discount = 0;
        long tax = 0;
        long total = 0;
        for (Line line : lines) {
            long gross = line.unitPriceMinor() * line.quantity();
            long off = Math.min(gross, best.getOrDefault(line.lineNo(), new long[] {0})[0]);
            long net = gross - off;
            long lineTax = line.taxIncluded()
                    ? net - halfUp(Math.multiplyExact(net, 10_000L), 10_000L + line.taxBasisPoints())
                    : halfUp(Math.multiplyExact(net, (long) line.taxBasisPoints()), 10_000L);
            long lineTotal = line.taxIncluded() ? net : net + lineTax;
            priced.add(new PricedLine(line.lineNo(), line.sku(), line.name(), line.quantity(), line.unitPriceMinor(),
                    off, lineTax, lineTotal, off > 0 ? bestId.get(line.lineNo()) : null));
            discount += off;
            tax += lineTax;
            total += lineTotal;
        }
        return new Priced(priced, subtotal, discount, tax, total);
    }

    /** What {@code promotion} would take off each eligible line. */
    private static Map<Integer, Long> discounts(Promotion promotion, List<Line> lines) {
        Map<Integer, Long> out = new HashMap<>();
        List<Line> eligible = lines.stream().filter(l -> promotion.skus().contains(l.sku()) && l.quantity() > 0)
                .toList();
        switch (promotion.kind()) {
            case PERCENT -> eligible.forEach(l -> out.put(l.lineNo(), halfUp(Math.multiplyExact(
                    l.unitPriceMinor() * l.quantity(), (long) promotion.basisPoints()), 10_000L)));
            case AMOUNT -> eligible.forEach(l -> out.put(l.lineNo(),
                    Math.min(promotion.amountMinor(), l.unitPriceMinor()) * l.quantity()));
            case BUY_X_GET_Y -> {
                List<Line> dearestFirst = eligible.stream().sorted(Comparator.comparingLong(Line::unitPriceMinor)
                        .reversed().thenComparingInt(Line::lineNo)).toList();
                long group = promotion.buy() + promotion.get();
                long units = eligible.stream().mapToLong(Line::quantity).sum();
                long inFullGroups = units / group * group; // a last group that is not full gets nothing free
                long position = 0;
                for (Line line : dearestFirst) {
                    for (long unit = 0; unit < line.quantity() && position < inFullGroups; unit++, position++) {
                        if (position % group >= promotion.buy()) {
                            out.merge(line.lineNo(), line.unitPriceMinor(), Long::sum);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** a / b rounded half up, for a ≥ 0 and b > 0. */
    static long halfUp(long a, long b) {
        return (a + b / 2) / b;
    }
}
