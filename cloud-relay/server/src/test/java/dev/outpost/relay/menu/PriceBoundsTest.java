package dev.outpost.relay.menu;

import static dev.outpost.relay.menu.MenuFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PriceBoundsTest {

    /** A menu in {@code currency} pricing {@code big-burger} at {@code amountMinor}. */
    static JsonNode menu(String currency, long amountMinor) {
        return json("{'currency': '" + currency + "', 'items': {'big-burger': {'price': {'amount_minor': "
                + amountMinor + ", 'currency': '" + currency + "'}}}}");
    }

    static List<HeldPrice> check(long price, Map<String, JsonNode> siblings) {
        return PriceBounds.check(menu("USD", price), siblings);
    }

    static final Map<String, JsonNode> AT_1000 = Map.of("CA", menu("USD", 1000), "MX", menu("USD", 1000));

    @Test
    void exactlyTwentyAndFiveHundredPercentPass() {
        assertEquals(List.of(), check(200, AT_1000));
        assertEquals(List.of(), check(5000, AT_1000));
        assertEquals(List.of(), check(1000, AT_1000));
    }

    @Test
    void oneMinorUnitBeyondEitherBoundIsHeld() {
        assertEquals(List.of(new HeldPrice("big-burger", new Price(199, "USD"), 1000, List.of("CA", "MX"),
                        "items.big-burger: price 199 USD minor units is below 20% of the sibling baseline 1000 (CA, MX)")),
                check(199, AT_1000));
        assertEquals(List.of(new HeldPrice("big-burger", new Price(5001, "USD"), 1000, List.of("CA", "MX"),
                        "items.big-burger: price 5001 USD minor units is above 500% of the sibling baseline 1000 (CA, MX)")),
                check(5001, AT_1000));
    }

    @Test
    void theBoundIsExactWhereTwentyPercentIsNotAWholeMinorUnit() {
        Map<String, JsonNode> at899 = Map.of("CA", menu("USD", 899), "MX", menu("USD", 899));
        assertEquals("items.big-burger: price 89 USD minor units is below 20% of the sibling baseline 899 (CA, MX)",
                check(89, at899).get(0).message());
        assertEquals(1, check(179, at899).size(), "5 × 179 = 895 < 899");
        assertEquals(List.of(), check(180, at899), "5 × 180 = 900 ≥ 899");
    }

    @Test
    void theBaselineOfAnEvenCountIsTheLowerMiddleValue() {
        Map<String, JsonNode> siblings = new TreeMap<>(Map.of(
                "CA", menu("USD", 1000), "MX", menu("USD", 200), "PR", menu("USD", 100), "US", menu("USD", 300)));
        assertEquals(List.of(), check(1000, siblings), "5 × the lower middle 200 is 1000: passes");
        List<HeldPrice> held = check(1001, siblings);
        assertEquals(1, held.size());
        assertEquals(200, held.get(0).baselineMinor());
        assertEquals(List.of("CA", "MX", "PR", "US"), held.get(0).siblings());
    }

    @Test
    void theBaselineOfAnOddCountIsTheMiddleValue() {
        Map<String, JsonNode> siblings = Map.of("CA", menu("USD", 100), "MX", menu("USD", 900), "PR", menu("USD", 300));
        assertEquals(300, check(1501, siblings).get(0).baselineMinor());
        assertEquals(List.of(), check(1500, siblings));
    }

    @Test
    void siblingsInAnotherCurrencyOrWithoutTheItemAreIgnored() {
        JsonNode withoutItem = json("{'currency': 'USD', 'items': {'fries': {'price': {'amount_minor': 1, 'currency': 'USD'}}}}");
        Map<String, JsonNode> siblings = Map.of("CA", menu("CAD", 100), "MX", menu("USD", 1000), "PR", withoutItem);
        List<HeldPrice> held = check(5001, siblings);
        assertEquals(List.of("MX"), held.get(0).siblings());
        assertEquals(1000, held.get(0).baselineMinor());
        assertEquals(List.of(), check(5000, siblings), "CAD 100 would have held it");
    }

    @Test
    void anItemNoSiblingPricesHasNoBaselineAndIsNotHeld() {
        assertEquals(List.of(), check(1, Map.of()));
        assertEquals(List.of(), check(1, Map.of("CA", menu("CAD", 100_000))));
    }

    @Test
    void aZeroBaselineHoldsAnyPaidPrice() {
        Map<String, JsonNode> free = Map.of("CA", menu("USD", 0));
        assertEquals(List.of(), check(0, free));
        assertEquals(1, check(1, free).size());
    }

    @Test
    void theLargestPricesDoNotOverflow() {
        long max = (1L << 53) - 1;
        assertEquals(List.of(), check(max, Map.of("CA", menu("USD", max))));
        assertEquals(1, check(max, Map.of("CA", menu("USD", 1))).size());
    }

    @Test
    void everyItemIsCheckedAndHeldItemsComeInIdOrder() {
        JsonNode menu = json("""
                {'currency': 'EUR', 'items': {
                  'wrap': {'price': {'amount_minor': 10, 'currency': 'EUR'}},
                  'salad': {'price': {'amount_minor': 100, 'currency': 'EUR'}},
                  'fries': {'price': {'amount_minor': 9999, 'currency': 'EUR'}}}}""");
        JsonNode sibling = json("""
                {'currency': 'EUR', 'items': {
                  'wrap': {'price': {'amount_minor': 500, 'currency': 'EUR'}},
                  'salad': {'price': {'amount_minor': 100, 'currency': 'EUR'}},
                  'fries': {'price': {'amount_minor': 300, 'currency': 'EUR'}}}}""");
        assertEquals(List.of("fries", "wrap"),
                PriceBounds.check(menu, Map.of("DE", sibling)).stream().map(HeldPrice::item).toList());
    }
}
