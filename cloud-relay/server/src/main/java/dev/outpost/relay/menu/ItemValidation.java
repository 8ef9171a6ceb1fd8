package dev.outpost.relay.menu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The checks of {@code items}: each item's fields, and its references to the menu's categories and dayparts. */
final class ItemValidation {
    private static final List<String> ITEM_FIELDS = List.of("names", "descriptions", "price", "category",
            "allergens", "calories", "dayparts", "channels");
    private static final List<String> PRICE_FIELDS = List.of("amount_minor", "currency");

    private final Problems problems;
    private final MenuFacts facts;

    ItemValidation(Problems problems, MenuFacts facts) {
        this.problems = problems;
        this.facts = facts;
    }

    void items(JsonNode value) {
        ObjectNode items = problems.object("items", value);
        if (items == null) {
            return;
        }
        for (Map.Entry<String, JsonNode> entry : items.properties()) {
            String path = MenuPaths.child("items", entry.getKey());
            MenuValidation.id(problems, path, entry.getKey(), "item");
            item(path, entry.getValue());
        }
    }

    private void item(String path, JsonNode value) {
        ObjectNode item = problems.object(path, value);
        if (item == null) {
            return;
        }
        problems.onlyFields(item, path, "an item's", ITEM_FIELDS);
        JsonNode names = problems.required(item, path, "names");
        if (names != null) {
            MenuValidation.localized(problems, MenuPaths.child(path, "names"), names, facts.locales());
        }
        JsonNode descriptions = item.get("descriptions");
        if (descriptions != null) {
            MenuValidation.localized(problems, MenuPaths.child(path, "descriptions"), descriptions, facts.locales());
        }
        JsonNode price = problems.required(item, path, "price");
        if (price != null) {
            price(MenuPaths.child(path, "price"), price);
        }
        JsonNode category = problems.required(item, path, "category");
        if (category != null) {
            category(MenuPaths.child(path, "category"), category);
        }
        Problems allergenProblems = problems.as(MenuProblem.Kind.ALLERGENS);
        JsonNode allergens = allergenProblems.required(item, path, "allergens");
        if (allergens != null) {
            AllergenValidation.declaration(allergenProblems, MenuPaths.child(path, "allergens"), allergens);
        }
        JsonNode calories = problems.required(item, path, "calories");
        if (calories != null) {
            problems.integer(MenuPaths.child(path, "calories"), calories, 0);
        }
        JsonNode dayparts = item.get("dayparts");
        if (dayparts != null) {
            dayparts(MenuPaths.child(path, "dayparts"), dayparts);
        }
        JsonNode channels = item.get("channels");
        if (channels != null) {
            channels(MenuPaths.child(path, "channels"), channels);
        }
    }

    private void price(String path, JsonNode value) {
        ObjectNode price = problems.object(path, value);
        if (price == null) {
            return;
        }
        problems.onlyFields(price, path, "a price's", PRICE_FIELDS);
        JsonNode amount = problems.required(price, path, "amount_minor");
        if (amount != null) {
            problems.integer(MenuPaths.child(path, "amount_minor"), amount, 0);
        }
        JsonNode currency = problems.required(price, path, "currency");
        if (currency == null) {
            return;
        }
        String currencyPath = MenuPaths.child(path, "currency");
        String code = problems.text(currencyPath, currency);
        if (code == null) {
            return;
        }
        if (facts.currency() != null && !facts.currency().equals(code)) {
            problems.add(currencyPath, "must equal the menu currency " + facts.currency() + ", was "
                    + MenuPaths.word(code));
        } else if (facts.currency() == null && !MenuValidation.isCurrency(code)) {
            problems.add(currencyPath, "must be an ISO 4217 currency code like USD, was " + MenuPaths.word(code));
        }
    }

    private void category(String path, JsonNode value) {
        String category = problems.text(path, value);
        if (category == null || facts.categories() == null || facts.categories().contains(category)) {
            return;
        }
        problems.add(path, "must name a category, was " + MenuPaths.word(category)
                + among("categories", facts.categories()));
    }

    private void dayparts(String path, JsonNode value) {
        ArrayNode dayparts = problems.array(path, value);
        if (dayparts == null) {
            return;
        }
        if (dayparts.isEmpty()) {
            problems.add(path, "must name at least one daypart, was [] (leave dayparts out for all day)");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < dayparts.size(); i++) {
            String elementPath = MenuPaths.index(path, i);
            String daypart = problems.text(elementPath, dayparts.get(i));
            if (daypart == null) {
                continue;
            }
            if (!seen.add(daypart)) {
                problems.add(elementPath, MenuPaths.word(daypart) + " is listed twice");
            } else if (facts.dayparts() != null && !facts.dayparts().contains(daypart)) {
                problems.add(elementPath, "must name a daypart, was " + MenuPaths.word(daypart)
                        + among("dayparts", facts.dayparts()));
            }
        }
    }

    /** Channel ids are free strings: issue 8's channel publishing decides which exist. */
    private void channels(String path, JsonNode value) {
        ArrayNode channels = problems.array(path, value);
        if (channels == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < channels.size(); i++) {
            String elementPath = MenuPaths.index(path, i);
            String channel = problems.nonBlank(elementPath, channels.get(i));
            if (channel != null && !seen.add(channel)) {
                problems.add(elementPath, MenuPaths.word(channel) + " is listed twice");
            }
        }
    }

    private static String among(String what, Set<String> ids) {
        return ids.isEmpty()
                ? " (the menu has no " + what + ")"
                : " (" + what + ": " + MenuPaths.list(new TreeSet<>(ids)) + ")";
    }
}
