package dev.outpost.relay.menu;

import java.util.List;
import java.util.Objects;

/**
 * An item price {@link PriceBounds} holds for review.
 *
 * @param item the item id
 * @param price the item's price in the checked menu
 * @param baselineMinor the median price of the item in {@code siblings}, in the same currency
 * @param siblings the sibling countries whose prices made the baseline, sorted
 * @param message e.g. {@code items.big-burger: price 89 USD minor units is below 20% of the sibling baseline 899
 *        (CA, MX)}
 */
public record HeldPrice(String item, Price price, long baselineMinor, List<String> siblings, String message) {
    public HeldPrice {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(price, "price");
        siblings = List.copyOf(siblings);
        Objects.requireNonNull(message, "message");
    }
}
