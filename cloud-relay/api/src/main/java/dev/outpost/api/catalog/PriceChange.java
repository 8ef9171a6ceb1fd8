package dev.outpost.api.catalog;

import dev.outpost.api.json.Fields;
import java.time.Instant;
import java.util.Optional;

/**
 * A scheduled price: from {@code from} on, {@code sku} costs {@code price_minor} at {@code site}, or at every store when
 * the site is empty. A store's change beats a chain one; among changes of one kind, the latest due wins (the appliance's
 * whole rule is in its README, "POS pricing").
 */
public record PriceChange(String id, String sku, long priceMinor, Instant from, Optional<String> site) {
    public PriceChange {
        Fields.nonBlank("id", id);
        Fields.nonBlank("sku", sku);
        Fields.notNegative("price_minor", priceMinor);
        Fields.present("from", from);
        Fields.present("site", site);
        site.ifPresent(s -> Fields.nonBlank("site", s));
    }
}
