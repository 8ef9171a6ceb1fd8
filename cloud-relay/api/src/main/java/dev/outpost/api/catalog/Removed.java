package dev.outpost.api.catalog;

import dev.outpost.api.json.Fields;
import java.util.List;

/** The keys a delta removes from the held catalog. */
public record Removed(List<String> taxRates, List<String> categories, List<String> skus, List<SiteSku> storePrices,
                      List<String> priceChanges, List<String> promotions) {
    public static final Removed NONE = new Removed(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

    public Removed {
        taxRates = Fields.nonBlankList("tax_rates", taxRates);
        categories = Fields.nonBlankList("categories", categories);
        skus = Fields.nonBlankList("skus", skus);
        storePrices = Fields.list("store_prices", storePrices);
        priceChanges = Fields.nonBlankList("price_changes", priceChanges);
        promotions = Fields.nonBlankList("promotions", promotions);
    }

    public boolean isEmpty() {
        return taxRates.isEmpty() && categories.isEmpty() && skus.isEmpty() && storePrices.isEmpty()
                && priceChanges.isEmpty() && promotions.isEmpty();
    }
}
