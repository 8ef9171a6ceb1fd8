package dev.outpost.api.catalog;

import dev.outpost.api.json.Fields;
import dev.outpost.api.json.InvalidFieldException;
import java.time.Instant;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/**
 * One published version of a POS catalog: a full {@link Kind#SNAPSHOT}, or a {@link Kind#DELTA} from
 * {@code base_version} whose arrays hold added-or-changed entries (whole entries) and whose {@code removed} holds the
 * keys that go. A site applies it in one transaction at {@code effective_at}. Read and written by {@link CatalogJson}.
 *
 * <p>Checked here: unique keys per array, barcodes unique across SKUs, a snapshot's references (category, tax rate,
 * the SKUs of prices and promotions) resolve within it, a delta removes nothing it also changes. A delta's references
 * into the held catalog are checked when it is merged ({@link #merge}).
 */
public record CatalogDocument(String catalog, long version, Kind kind, OptionalLong baseVersion, Instant effectiveAt,
                              Currency currency, List<TaxRate> taxRates, List<Category> categories, List<Sku> skus,
                              List<StorePrice> storePrices, List<PriceChange> priceChanges, List<Promotion> promotions,
                              Removed removed) {
    public enum Kind {
        SNAPSHOT, DELTA;

        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public CatalogDocument {
        Fields.nonBlank("catalog", catalog);
        Fields.positive("version", version);
        Fields.present("kind", kind);
        Fields.present("base_version", baseVersion);
        if (kind == Kind.SNAPSHOT && baseVersion.isPresent()) {
            throw new InvalidFieldException("base_version", "must be null for a snapshot, was " + baseVersion.getAsLong());
        }
        if (kind == Kind.DELTA) {
            if (baseVersion.isEmpty()) {
                throw new InvalidFieldException("base_version", "must be set for a delta");
            }
            long base = Fields.positive("base_version", baseVersion.getAsLong());
            if (base >= version) {
                throw new InvalidFieldException("base_version", "must be below version (" + version + "), was " + base);
            }
        }
        Fields.present("effective_at", effectiveAt);
        Fields.present("currency", currency);
        if (currency.getDefaultFractionDigits() < 0) {
            throw new InvalidFieldException("currency", currency.getCurrencyCode() + " has no minor unit");
        }
        taxRates = Fields.list("tax_rates", taxRates);
        categories = Fields.list("categories", categories);
        skus = Fields.list("skus", skus);
        storePrices = Fields.list("store_prices", storePrices);
        priceChanges = Fields.list("price_changes", priceChanges);
        promotions = Fields.list("promotions", promotions);
        Fields.present("removed", removed);

        unique("tax_rates", taxRates, TaxRate::id, "id");
        unique("categories", categories, Category::id, "id");
        unique("skus", skus, Sku::sku, "sku");
        unique("store_prices", storePrices, StorePrice::key, "site/sku");
        unique("price_changes", priceChanges, PriceChange::id, "id");
        unique("promotions", promotions, Promotion::id, "id");
        Map<String, String> owners = new HashMap<>();
        for (int i = 0; i < skus.size(); i++) {
            Sku sku = skus.get(i);
            for (int b = 0; b < sku.barcodes().size(); b++) {
                String owner = owners.putIfAbsent(sku.barcodes().get(b), sku.sku());
                if (owner != null) {
                    throw new InvalidFieldException("skus[" + i + "].barcodes[" + b + "]",
                            sku.barcodes().get(b) + " is also a barcode of " + owner);
                }
            }
        }
        if (kind == Kind.SNAPSHOT) {
            if (!removed.isEmpty()) {
                throw new InvalidFieldException("removed", "must be empty in a snapshot (a snapshot lists everything)");
            }
            checkReferences(key(taxRates, TaxRate::id), key(categories, Category::id), key(skus, Sku::sku), skus,
                    storePrices, priceChanges, promotions);
        } else {
            notBoth("tax_rates", removed.taxRates(), key(taxRates, TaxRate::id));
            notBoth("categories", removed.categories(), key(categories, Category::id));
            notBoth("skus", removed.skus(), key(skus, Sku::sku));
            notBoth("store_prices", removed.storePrices(), key(storePrices, StorePrice::key));
            notBoth("price_changes", removed.priceChanges(), key(priceChanges, PriceChange::id));
            notBoth("promotions", removed.promotions(), key(promotions, Promotion::id));
        }
    }

    public boolean isSnapshot() {
        return kind == Kind.SNAPSHOT;
    }

    /** What the version is called in messages: {@code catalog main v12}. */
    public String label() {
        return "catalog " + catalog + " v" + version;
    }

    /**
     * This snapshot with {@code delta} applied: the snapshot of the delta's version.
     *
     * @throws InvalidFieldException naming the delta's field when it does not fit this snapshot (wrong catalog or base,
     *                               a barcode already on another SKU, a reference to something neither holds)
     */
    public CatalogDocument merge(CatalogDocument delta) {
        if (kind != Kind.SNAPSHOT) {
            throw new IllegalStateException(label() + ": only a snapshot takes a delta");
        }
        if (delta.kind != Kind.DELTA) {
            throw new InvalidFieldException("kind", "expected a delta to merge, was a snapshot");
        }
        if (!delta.catalog.equals(catalog)) {
            throw new InvalidFieldException("catalog", "expected " + catalog + ", was " + delta.catalog);
        }
        if (delta.baseVersion.getAsLong() != version) {
            throw new InvalidFieldException("base_version", "must equal the held version " + version + ", was "
                    + delta.baseVersion.getAsLong());
        }
        Removed gone = delta.removed;
        List<TaxRate> mergedRates = merged(taxRates, delta.taxRates, gone.taxRates(), TaxRate::id);
        List<Category> mergedCategories = merged(categories, delta.categories, gone.categories(), Category::id);
        List<Sku> mergedSkus = merged(skus, delta.skus, gone.skus(), Sku::sku);
        Set<String> changedSkus = key(delta.skus, Sku::sku);
        Map<String, String> owners = new HashMap<>();
        for (Sku sku : mergedSkus) {
            if (!changedSkus.contains(sku.sku())) {
                sku.barcodes().forEach(b -> owners.put(b, sku.sku()));
            }
        }
        for (int i = 0; i < delta.skus.size(); i++) {
            Sku sku = delta.skus.get(i);
            for (int b = 0; b < sku.barcodes().size(); b++) {
                String owner = owners.get(sku.barcodes().get(b));
                if (owner != null) {
                    throw new InvalidFieldException("skus[" + i + "].barcodes[" + b + "]",
                            sku.barcodes().get(b) + " is also a barcode of " + owner);
                }
            }
        }
        List<StorePrice> mergedStorePrices = merged(storePrices, delta.storePrices, gone.storePrices(), StorePrice::key);
        List<PriceChange> mergedChanges = merged(priceChanges, delta.priceChanges, gone.priceChanges(), PriceChange::id);
        List<Promotion> mergedPromotions = merged(promotions, delta.promotions, gone.promotions(), Promotion::id);
        checkReferences(key(mergedRates, TaxRate::id), key(mergedCategories, Category::id), key(mergedSkus, Sku::sku),
                mergedSkus, mergedStorePrices, mergedChanges, mergedPromotions);
        return new CatalogDocument(catalog, delta.version, Kind.SNAPSHOT, OptionalLong.empty(), delta.effectiveAt,
                delta.currency, mergedRates, mergedCategories, mergedSkus, mergedStorePrices, mergedChanges,
                mergedPromotions, Removed.NONE);
    }

    private static <T, K> List<T> merged(List<T> held, List<T> changed, List<K> removed, Function<T, K> key) {
        Map<K, T> out = new java.util.LinkedHashMap<>();
        held.forEach(t -> out.put(key.apply(t), t));
        removed.forEach(out::remove);
        changed.forEach(t -> out.put(key.apply(t), t));
        return List.copyOf(out.values());
    }

    /** References must resolve; the messages name the entry that holds the dangling one (in a merge: after it). */
    private static void checkReferences(Set<String> rates, Set<String> categories, Set<String> skuIds, List<Sku> skus,
                                        List<StorePrice> storePrices, List<PriceChange> priceChanges,
                                        List<Promotion> promotions) {
        for (Sku sku : skus) {
            if (!categories.contains(sku.category())) {
                throw new InvalidFieldException("skus", sku.sku() + " names category " + sku.category()
                        + ", which the catalog does not hold");
            }
            if (!rates.contains(sku.taxRate())) {
                throw new InvalidFieldException("skus", sku.sku() + " names tax rate " + sku.taxRate()
                        + ", which the catalog does not hold");
            }
        }
        for (StorePrice price : storePrices) {
            if (!skuIds.contains(price.sku())) {
                throw new InvalidFieldException("store_prices", "the price of " + price.site() + " names SKU "
                        + price.sku() + ", which the catalog does not hold");
            }
        }
        for (PriceChange change : priceChanges) {
            if (!skuIds.contains(change.sku())) {
                throw new InvalidFieldException("price_changes", change.id() + " names SKU " + change.sku()
                        + ", which the catalog does not hold");
            }
        }
        for (Promotion promotion : promotions) {
            for (String sku : promotion.skus()) {
                if (!skuIds.contains(sku)) {
                    throw new InvalidFieldException("promotions", promotion.id() + " names SKU " + sku
                            + ", which the catalog does not hold");
                }
            }
        }
    }

    private static <T, K> void unique(String field, List<T> list, Function<T, K> key, String keyName) {
        Set<K> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            K k = key.apply(list.get(i));
            if (!seen.add(k)) {
                throw new InvalidFieldException(field + "[" + i + "]", keyName + " " + show(k) + " is listed twice");
            }
        }
    }

    private static <K> void notBoth(String field, List<K> removed, Set<K> changed) {
        for (int i = 0; i < removed.size(); i++) {
            if (changed.contains(removed.get(i))) {
                throw new InvalidFieldException("removed." + field + "[" + i + "]", show(removed.get(i))
                        + " is also in " + field + " (a delta either changes or removes an entry)");
            }
        }
    }

    private static String show(Object key) {
        return key instanceof SiteSku k ? k.site() + "/" + k.sku() : String.valueOf(key);
    }

    private static <T, K> Set<K> key(List<T> list, Function<T, K> key) {
        Set<K> out = new HashSet<>();
        list.forEach(t -> out.add(key.apply(t)));
        return out;
    }
}
