package dev.outpost.relay.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.api.text.Money;
import java.text.BreakIterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One item as one channel wants it: only the fields the channel supports, the description trimmed to its cap, the
 * price in its unit, the category under its name, and the template rendered from those. The result is the exact
 * value sent, and so what the idempotency key fingerprints.
 */
final class ItemFormat {
    static final List<String> FIELDS = List.of("name", "description", "price", "category");
    static final String ELLIPSIS = "…";

    private ItemFormat() {
    }

    /** Item {@code itemId} of {@code menu} (a resolved menu: one locale) for {@code channel}. */
    static ObjectNode format(Channel channel, JsonNode menu, String itemId) {
        JsonNode item = menu.get("items").get(itemId);
        Map<String, String> shown = new LinkedHashMap<>();
        ObjectNode value = JsonNodeFactory.instance.objectNode();
        Set<String> fields = Set.copyOf(channel.fields());
        if (fields.contains("name")) {
            value.put("name", item.get("name").textValue());
            shown.put("name", item.get("name").textValue());
        }
        if (fields.contains("description") && item.hasNonNull("description")) {
            String description = trim(item.get("description").textValue(), channel.descriptionCap());
            value.put("description", description);
            shown.put("description", description);
        }
        if (fields.contains("price")) {
            long minor = item.get("price").get("amount_minor").longValue();
            String currency = item.get("price").get("currency").textValue();
            if (channel.priceUnit().equals("minor")) {
                value.put("price", minor);
                shown.put("price", Long.toString(minor));
            } else {
                String display = Money.display(minor, currency, Locale.forLanguageTag(channel.locale()));
                value.put("price", display);
                shown.put("price", display);
            }
        }
        if (fields.contains("category")) {
            String id = item.get("category").textValue();
            String name = channel.categories().getOrDefault(id, menu.get("categories").get(id).get("name").textValue());
            value.put("category", name);
            shown.put("category", name);
        }
        value.put("text", ChannelTemplate.parse(channel.id(), channel.template(), fields).render(shown));
        return value;
    }

    /**
     * {@code text} in at most {@code cap} characters (code points): whole when it fits, else cut at a character
     * boundary (never inside a surrogate pair or a combining sequence such as an accented letter or a flag) with
     * {@value #ELLIPSIS} as its last character.
     */
    static String trim(String text, int cap) {
        if (text.codePointCount(0, text.length()) <= cap) {
            return text;
        }
        BreakIterator graphemes = BreakIterator.getCharacterInstance(Locale.ROOT);
        graphemes.setText(text);
        int cut = 0;
        for (int end = graphemes.next(); end != BreakIterator.DONE; end = graphemes.next()) {
            if (text.codePointCount(0, end) > cap - 1) {
                break;
            }
            cut = end;
        }
        return text.substring(0, cut).stripTrailing() + ELLIPSIS;
    }
}
