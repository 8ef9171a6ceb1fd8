package dev.outpost.appliance.pos;

import dev.outpost.api.catalog.CatalogDocument;
import dev.outpost.api.catalog.Category;
import dev.outpost.api.catalog.PriceChange;
import dev.outpost.api.catalog.Promotion;
import dev.outpost.api.catalog.Removed;
import dev.outpost.api.catalog.Sku;
import dev.outpost.api.catalog.StorePrice;
import dev.outpost.api.catalog.TaxRate;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Catalog documents for the POS tests: a small store catalog of drinks and snacks, site {@code store-1}. */
public final class Catalogs {
    public static final String SITE = "store-1";
    public static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    public static final TaxRate FOOD = new TaxRate("food", "Food", 825, false);
    public static final TaxRate VAT = new TaxRate("vat", "VAT", 2000, true);
    public static final Sku COLA = new Sku("COLA-330", "Cola 330 ml", "drinks", "food", 199,
            List.of("5000112637922", "5000112637939"));
    public static final Sku WATER = new Sku("WATER-500", "Water 500 ml", "drinks", "food", 99, List.of("4000000000017"));
    public static final Sku CHIPS = new Sku("CHIPS", "Chips", "snacks", "vat", 250, List.of("4000000000024"));

    private Catalogs() {
    }

    public static CatalogDocument snapshot(long version, Instant effectiveAt, List<Sku> skus,
                                           List<StorePrice> storePrices, List<PriceChange> changes,
                                           List<Promotion> promotions) {
        return new CatalogDocument("main", version, CatalogDocument.Kind.SNAPSHOT, OptionalLong.empty(), effectiveAt,
                Currency.getInstance("USD"), List.of(FOOD, VAT), List.of(new Category("drinks", "Drinks"),
                new Category("snacks", "Snacks")), skus, storePrices, changes, promotions, Removed.NONE);
    }

    /** Cola, water and chips at their base prices, no promotions. */
    public static CatalogDocument basic(long version, Instant effectiveAt) {
        return snapshot(version, effectiveAt, List.of(COLA, WATER, CHIPS), List.of(), List.of(), List.of());
    }

    public static CatalogDocument delta(long version, long base, Instant effectiveAt, List<Sku> skus, Removed removed) {
        return new CatalogDocument("main", version, CatalogDocument.Kind.DELTA, OptionalLong.of(base), effectiveAt,
                Currency.getInstance("USD"), List.of(), List.of(), skus, List.of(), List.of(), List.of(), removed);
    }

    public static PriceChange change(String id, String sku, long price, Instant from, String site) {
        return new PriceChange(id, sku, price, from, Optional.ofNullable(site));
    }

    public static Promotion percent(String id, int basisPoints, long minPurchase, String... skus) {
        return new Promotion(id, id, Promotion.Kind.PERCENT, basisPoints, 0, 0, 0, List.of(skus),
                T0.minusSeconds(86_400), T0.plusSeconds(30 * 86_400L), minPurchase);
    }
}
