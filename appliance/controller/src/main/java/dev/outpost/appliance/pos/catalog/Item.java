package dev.outpost.appliance.pos.catalog;

/**
 * A SKU as the site sells it at one instant.
 *
 * @param unitPriceMinor its effective price here and then (see {@link CatalogStore#item})
 * @param taxBasisPoints its tax rate
 * @param taxIncluded    whether the price already holds the tax
 */
public record Item(String sku, String name, long unitPriceMinor, int taxBasisPoints, boolean taxIncluded) {
}
