package dev.outpost.relay.menu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The allergen-structure gate: an item declares both lists, even when empty, so "nothing declared" can never
 * be mistaken for "contains nothing"; names come from {@link MenuValidation#ALLERGENS}; an allergen is
 * either contained or possibly contained, not both.
 */
final class AllergenValidation {
    private static final List<String> FIELDS = List.of("contains", "may_contain");

    private AllergenValidation() {
    }

    /** @param problems a collector recording {@link MenuProblem.Kind#ALLERGENS} problems */
    static void declaration(Problems problems, String path, JsonNode value) {
        ObjectNode declaration = problems.object(path, value);
        if (declaration == null) {
            return;
        }
        problems.onlyFields(declaration, path, "an allergen declaration's", FIELDS);
        Set<String> contains = list(problems, declaration, path, "contains");
        Set<String> mayContain = list(problems, declaration, path, "may_contain");
        if (contains == null || mayContain == null) {
            return;
        }
        for (String allergen : mayContain) {
            if (contains.contains(allergen)) {
                problems.add(MenuPaths.child(path, "may_contain"), allergen + " is also in contains");
            }
        }
    }

    /** The known allergens listed, or null when the list itself is unusable. */
    private static Set<String> list(Problems problems, ObjectNode declaration, String path, String field) {
        JsonNode value = problems.required(declaration, path, field);
        if (value == null) {
            return null;
        }
        String listPath = MenuPaths.child(path, field);
        ArrayNode array = problems.array(listPath, value);
        if (array == null) {
            return null;
        }
        Set<String> allergens = new LinkedHashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String elementPath = MenuPaths.index(listPath, i);
            String allergen = problems.text(elementPath, array.get(i));
            if (allergen == null) {
                continue;
            }
            if (!MenuValidation.ALLERGENS.contains(allergen)) {
                problems.add(elementPath, "must be one of " + String.join(", ", MenuValidation.ALLERGENS)
                        + ", was " + MenuPaths.word(allergen));
            } else if (!allergens.add(allergen)) {
                problems.add(elementPath, allergen + " is listed twice");
            }
        }
        return allergens;
    }
}
