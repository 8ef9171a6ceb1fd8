package dev.outpost.relay.menu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The lists that are sets though JSON writes them as arrays: an item's allergen lists, dayparts and channels,
 * and the menu's locales. Their order carries no meaning, so resolution writes them sorted (a layer that lists
 * the same allergens in another order yields the same bytes) and a diff does not count a reordering as a change.
 */
final class ItemSets {
    private ItemSets() {
    }

    /** {@code value} of field {@code field}, with its sets sorted; a copy, whatever the field. */
    static JsonNode sorted(String field, JsonNode value) {
        return switch (field) {
            case "dayparts", "channels", "locales" -> sortedArray(value);
            case "allergens" -> {
                if (!(value instanceof ObjectNode declaration)) {
                    yield value.deepCopy();
                }
                ObjectNode sorted = JsonNodeFactory.instance.objectNode();
                declaration.properties().forEach(entry -> sorted.set(entry.getKey(), sortedArray(entry.getValue())));
                yield sorted;
            }
            default -> value.deepCopy();
        };
    }

    /** The strings of a list, e.g. {@code allergens.contains}; empty when it is absent or not a list. */
    static Set<String> strings(JsonNode list) {
        Set<String> strings = new LinkedHashSet<>();
        if (list.isArray()) {
            list.forEach(element -> {
                if (element.isTextual()) {
                    strings.add(element.textValue());
                }
            });
        }
        return strings;
    }

    private static JsonNode sortedArray(JsonNode value) {
        if (!(value instanceof ArrayNode array)) {
            return value.deepCopy();
        }
        List<JsonNode> elements = new ArrayList<>();
        array.forEach(elements::add);
        if (!elements.stream().allMatch(JsonNode::isTextual)) {
            return array.deepCopy();
        }
        elements.sort(Comparator.comparing(JsonNode::textValue));
        ArrayNode sorted = JsonNodeFactory.instance.arrayNode();
        elements.forEach(sorted::add);
        return sorted;
    }
}
