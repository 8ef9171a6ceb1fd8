package dev.outpost.api.catalog;

import dev.outpost.api.json.Fields;
import dev.outpost.api.json.InvalidFieldException;

/** A tax rate: {@code basis_points} (825 = 8.25 %) either already in the price ({@code included}) or added on top. */
public record TaxRate(String id, String name, int basisPoints, boolean included) {
    public TaxRate {
        Fields.nonBlank("id", id);
        Fields.nonBlank("name", name);
        if (basisPoints < 0 || basisPoints > 10_000) {
            throw new InvalidFieldException("basis_points", "must be between 0 and 10000, was " + basisPoints);
        }
    }
}
