package dev.outpost.relay.catalog;

import java.util.List;

/** A catalog document the relay refuses to publish (422): every problem found, each at its JSON path. Nothing stored. */
public final class CatalogInvalid extends RuntimeException {
    private final List<Problem> problems;

    CatalogInvalid(String message, List<Problem> problems) {
        super(message, null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    /** One problem: where in the document ({@code .skus[3].barcodes[0]}, empty for the whole) and what is wrong. */
    public record Problem(String path, String message) {
    }
}
