package dev.outpost.api.catalog;

import dev.outpost.api.json.Fields;

/** The key of a {@link StorePrice}, as {@code removed.store_prices} lists it. */
public record SiteSku(String site, String sku) {
    public SiteSku {
        Fields.nonBlank("site", site);
        Fields.nonBlank("sku", sku);
    }
}
