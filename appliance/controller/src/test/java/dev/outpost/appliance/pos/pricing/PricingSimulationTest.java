package dev.outpost.appliance.pos.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.catalog.Promotion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Seeded random baskets and promotions against the invariants of the pricing rules, after every basket. */
class PricingSimulationTest {
    static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant UNTIL = Instant.parse("2027-01-01T00:00:00Z");
    static final List<String> SKUS = List.of("A", "B", "C", "D", "E");

    @Test
    void totalsAddUpDiscountsStayWithinTheGrossTaxRoundsToTheNearestUnitAndPromotionsNeverRaiseATotal() {
        SplittableRandom random = new SplittableRandom(20261121);
        for (int basket = 0; basket < 500; basket++) {
            List<Pricing.Line> lines = new ArrayList<>();
            int count = 1 + random.nextInt(5);
            for (int i = 0; i < count; i++) {
                lines.add(new Pricing.Line(i + 1, SKUS.get(i), SKUS.get(i), 1 + random.nextInt(6),
                        random.nextInt(2_000), random.nextInt(2_500), random.nextBoolean()));
            }
            List<Promotion> promotions = new ArrayList<>();
            for (int p = random.nextInt(4); p > 0; p--) {
                promotions.add(promotion(random, "p" + p));
            }
            String seed = "basket " + basket + " " + lines + " " + promotions;
            Pricing.Priced priced = Pricing.price(lines, promotions);
            Pricing.Priced without = Pricing.price(lines, List.of());
            assertTrue(priced.totalMinor() <= without.totalMinor(), seed);
            long total = 0;
            long tax = 0;
            long discount = 0;
            for (Pricing.PricedLine line : priced.lines()) {
                long gross = line.quantity() * line.unitPriceMinor();
                long net = gross - line.discountMinor();
                Pricing.Line in = lines.get(line.lineNo() - 1);
                assertTrue(line.discountMinor() >= 0 && line.discountMinor() <= gross, seed);
                assertTrue(line.taxMinor() >= 0, seed);
                if (in.taxIncluded()) {
                    assertEquals(net, line.totalMinor(), seed);
                    // net − tax is net × 10000 / (10000 + bp) to the nearest unit
                    long ex = net - line.taxMinor();
                    assertTrue(Math.abs(ex * (10_000L + in.taxBasisPoints()) - net * 10_000L)
                            <= (10_000L + in.taxBasisPoints()) / 2, seed);
                } else {
                    assertEquals(net + line.taxMinor(), line.totalMinor(), seed);
                    assertTrue(Math.abs(line.taxMinor() * 10_000L - net * in.taxBasisPoints()) <= 5_000, seed);
                }
                total += line.totalMinor();
                tax += line.taxMinor();
                discount += line.discountMinor();
            }
            assertEquals(total, priced.totalMinor(), seed);
            assertEquals(tax, priced.taxMinor(), seed);
            assertEquals(discount, priced.discountMinor(), seed);
            assertEquals(without.subtotalMinor(), priced.subtotalMinor(), seed);
        }
    }

    static Promotion promotion(SplittableRandom random, String id) {
        List<String> skus = new ArrayList<>();
        for (String sku : SKUS) {
            if (random.nextBoolean()) {
                skus.add(sku);
            }
        }
        if (skus.isEmpty()) {
            skus.add("A");
        }
        long min = random.nextBoolean() ? 0 : random.nextInt(5_000);
        return switch (random.nextInt(3)) {
            case 0 -> new Promotion(id, id, Promotion.Kind.PERCENT, 1 + random.nextInt(10_000), 0, 0, 0, skus, FROM,
                    UNTIL, min);
            case 1 -> new Promotion(id, id, Promotion.Kind.AMOUNT, 0, 1 + random.nextInt(500), 0, 0, skus, FROM, UNTIL,
                    min);
            default -> new Promotion(id, id, Promotion.Kind.BUY_X_GET_Y, 0, 0, 1 + random.nextInt(3),
                    1 + random.nextInt(2), skus, FROM, UNTIL, min);
        };
    }
}
