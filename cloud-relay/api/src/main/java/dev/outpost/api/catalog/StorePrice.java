package dev.outpost.api.catalog;

import dev.outpost.api.json.Fields;

/** One store's own price for a SKU; it replaces the base price there (a scheduled price change still wins when due). */
public record StorePrice(String site, String sku, long priceMinor) {
    public StorePrice {
        Fields.nonBlank("site", site);
        Fields.nonBlank("sku", sku);
        Fields.notNegative("price_minor", priceMinor);
    }

    public SiteSku key() {
        return new SiteSku(site, sku);
    }
}
