package dev.outpost.api.catalog;

import dev.outpost.api.json.Fields;
import dev.outpost.api.json.InvalidFieldException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A sellable item: its chain-wide base price in minor units and the barcodes that scan to it. */
public record Sku(String sku, String name, String category, String taxRate, long priceMinor, List<String> barcodes) {
    public Sku {
        Fields.nonBlank("sku", sku);
        Fields.nonBlank("name", name);
        Fields.nonBlank("category", category);
        Fields.nonBlank("tax_rate", taxRate);
        Fields.notNegative("price_minor", priceMinor);
        barcodes = Fields.nonBlankList("barcodes", barcodes);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < barcodes.size(); i++) {
            String barcode = barcodes.get(i);
            if (!barcode.strip().equals(barcode) || barcode.chars().anyMatch(Character::isWhitespace)) {
                throw new InvalidFieldException("barcodes[" + i + "]", "must not contain whitespace, was \"" + barcode + "\"");
            }
            if (!seen.add(barcode)) {
                throw new InvalidFieldException("barcodes[" + i + "]", barcode + " is listed twice");
            }
        }
    }
}
