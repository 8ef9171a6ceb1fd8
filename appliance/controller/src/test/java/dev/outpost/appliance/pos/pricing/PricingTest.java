package dev.outpost.appliance.pos.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.outpost.api.catalog.Promotion;
import dev.outpost.appliance.pos.Catalogs;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PricingTest {
    static Pricing.Line line(int no, String sku, long quantity, long price, int taxBp, boolean included) {
        return new Pricing.Line(no, sku, sku, quantity, price, taxBp, included);
    }

    static Promotion bogof(String id, int buy, int get, String... skus) {
        return new Promotion(id, id, Promotion.Kind.BUY_X_GET_Y, 0, 0, buy, get, List.of(skus),
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"), 0);
    }

    @Test
    void excludedTaxIsAddedAndIncludedTaxIsTakenOutRoundedHalfUpPerLine() {
        // 3 × 199 = 597; 8.25 % of 597 = 49.2525 → 49
        // 1 × 250 with 20 % included: 250 − 250 / 1.2 = 250 − 208.33 → 250 − 208 = 42
        // 1 × 2 at 8.25 %: 0.165 → 0; 1 × 6 at 8.25 %: 0.495 → 0; 1 × 7: 0.5775 → 1
        Pricing.Priced p = Pricing.price(List.of(line(1, "A", 3, 199, 825, false), line(2, "B", 1, 250, 2000, true),
                line(3, "C", 1, 2, 825, false), line(4, "D", 1, 6, 825, false), line(5, "E", 1, 7, 825, false)),
                List.of());
        assertEquals(List.of(49L, 42L, 0L, 0L, 1L), p.lines().stream().map(Pricing.PricedLine::taxMinor).toList());
        assertEquals(List.of(646L, 250L, 2L, 6L, 8L), p.lines().stream().map(Pricing.PricedLine::totalMinor).toList());
        assertEquals(597 + 250 + 15, p.subtotalMinor());
        assertEquals(92, p.taxMinor());
        assertEquals(646 + 250 + 2 + 6 + 8, p.totalMinor());
    }

    @Test
    void aPercentRoundsHalfUpAndTaxIsOnWhatIsLeft() {
        // 10 % of 3 × 15 = 4.5 → 5; net 40; tax 8.25 % of 40 = 3.3 → 3
        Pricing.Priced p = Pricing.price(List.of(line(1, "A", 3, 15, 825, false)),
                List.of(Catalogs.percent("p", 1000, 0, "A")));
        assertEquals(5, p.discountMinor());
        assertEquals(3, p.taxMinor());
        assertEquals(43, p.totalMinor());
        assertEquals("p", p.lines().getFirst().promotion());
    }

    @Test
    void theMinimumPurchaseCountsTheSubtotalBeforeDiscountsBoundaryIncluded() {
        Promotion over1000 = Catalogs.percent("big", 1000, 1000, "A");
        assertEquals(100, Pricing.price(List.of(line(1, "A", 1, 1000, 0, false)), List.of(over1000)).discountMinor());
        assertEquals(0, Pricing.price(List.of(line(1, "A", 1, 999, 0, false)), List.of(over1000)).discountMinor());
        // another line lifts the basket over the minimum; only eligible lines get the discount
        Pricing.Priced lifted = Pricing.price(List.of(line(1, "A", 1, 500, 0, false), line(2, "B", 1, 500, 0, false)),
                List.of(over1000));
        assertEquals(List.of(50L, 0L), lifted.lines().stream().map(Pricing.PricedLine::discountMinor).toList());
    }

    @Test
    void buyTwoGetOneFreesTheCheapestOfEveryFullGroupAcrossMixedPrices() {
        // units dearest first: 300, 300, 200 | 200, 100, 100 | 100 → groups (300,300,200) (200,100,100); 100 left over
        Pricing.Priced p = Pricing.price(List.of(line(1, "A", 2, 300, 0, false), line(2, "B", 2, 200, 0, false),
                line(3, "C", 3, 100, 0, false)), List.of(bogof("b2g1", 2, 1, "A", "B", "C")));
        assertEquals(List.of(0L, 200L, 100L), p.lines().stream().map(Pricing.PricedLine::discountMinor).toList());
        assertEquals(300, p.discountMinor());
        // two units only: no full group, nothing free
        assertEquals(0, Pricing.price(List.of(line(1, "A", 2, 300, 0, false)), List.of(bogof("b", 2, 1, "A")))
                .discountMinor());
    }

    @Test
    void promotionsDoNotStackEachLineTakesTheBiggestAndAnAmountNeverGoesBelowZero() {
        Promotion amount = new Promotion("amt", "amt", Promotion.Kind.AMOUNT, 0, 150, 0, 0, List.of("A", "B"),
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"), 0);
        Promotion percent = Catalogs.percent("pct", 5000, 0, "A");
        // A: amount 2 × 150 = 300 vs 50 % of 1000 = 500 → percent; B: amount capped at its price 100 each
        Pricing.Priced p = Pricing.price(List.of(line(1, "A", 2, 500, 0, false), line(2, "B", 2, 100, 0, false)),
                List.of(amount, percent));
        assertEquals(List.of(500L, 200L), p.lines().stream().map(Pricing.PricedLine::discountMinor).toList());
        assertEquals(List.of("pct", "amt"), p.lines().stream().map(Pricing.PricedLine::promotion).toList());
        assertEquals(500, p.totalMinor());
    }
}
