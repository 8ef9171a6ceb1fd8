package dev.outpost.relay.menu;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The price-bounds gate: a price outside 20%–500% of its sibling-country baseline is held for review.
 *
 * <p>An item's baseline is the median of its prices in the sibling countries' menus that share this menu's
 * currency (the lower middle value for an even count: a real price some sibling charges, never an average no one
 * does). Siblings in another currency, or without the item, do not count; an item no sibling prices has no
 * baseline and is not held. Exactly 20% and exactly 500% pass. All arithmetic is on whole minor units.
 */
public final class PriceBounds {
    private PriceBounds() {
    }

    /**
     * The held items of {@code menu}, by item id. Items whose price cannot be read are left to validation.
     *
     * @param menu the merged menu of one country
     * @param siblings country code to merged menu, for the other countries of the same region (not this one)
     */
    public static List<HeldPrice> check(JsonNode menu, Map<String, JsonNode> siblings) {
        String currency = menu.path("currency").textValue();
        Map<String, JsonNode> items = new TreeMap<>();
        menu.path("items").properties().forEach(item -> items.put(item.getKey(), item.getValue()));
        Map<String, JsonNode> countries = new TreeMap<>(siblings);
        List<HeldPrice> held = new ArrayList<>();
        for (Map.Entry<String, JsonNode> item : items.entrySet()) {
            Price price = Price.of(item.getValue().path("price"));
            if (currency == null || price == null || !price.currency().equals(currency)) {
                continue;
            }
            List<Long> prices = new ArrayList<>();
            List<String> used = new ArrayList<>();
            for (Map.Entry<String, JsonNode> country : countries.entrySet()) {
                JsonNode sibling = country.getValue();
                Price theirs = Price.of(sibling.path("items").path(item.getKey()).path("price"));
                if (currency.equals(sibling.path("currency").textValue())
                        && theirs != null && theirs.currency().equals(currency)) {
                    prices.add(theirs.amountMinor());
                    used.add(country.getKey());
                }
            }
            if (prices.isEmpty()) {
                continue;
            }
            long baseline = lowerMedian(prices);
            String bound = 5 * price.amountMinor() < baseline ? "below 20%"
                    : price.amountMinor() > 5 * baseline ? "above 500%"
                    : null;
            if (bound != null) {
                held.add(new HeldPrice(item.getKey(), price, baseline, used,
                        MenuPaths.child("items", item.getKey()) + ": price " + price + " is " + bound
                                + " of the sibling baseline " + baseline + " (" + String.join(", ", used) + ")"));
            }
        }
        return List.copyOf(held);
    }

    private static long lowerMedian(List<Long> prices) {
        List<Long> sorted = prices.stream().sorted().toList();
        return sorted.get((sorted.size() - 1) / 2);
    }
}
