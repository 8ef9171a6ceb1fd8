package dev.outpost.relay.menu;

import java.util.Objects;

/**
 * One thing wrong with a menu document, at the JSON path of the field it is about (empty for the document
 * itself), e.g. {@code items.big-burger.price.currency: must equal the menu currency USD, was EUR}.
 *
 * @param kind which publish gate the problem belongs to
 * @param path the field, as {@code items.big-burger.price.amount_minor} or {@code locales[1]}
 * @param message what is wrong and why, with the offending value
 */
public record MenuProblem(Kind kind, String path, String message) {
    /** The publish gates are audited separately, so each problem says which one it fails. */
    public enum Kind {
        /** Structure, types, ids, references, locales, currency. */
        SCHEMA,
        /** An item's allergen declaration: its presence, vocabulary, duplicates and overlaps. */
        ALLERGENS
    }

    public MenuProblem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** {@code path: message}, or {@code menu: message} for the document itself. */
    @Override
    public String toString() {
        return (path.isEmpty() ? "menu" : path) + ": " + message;
    }
}
