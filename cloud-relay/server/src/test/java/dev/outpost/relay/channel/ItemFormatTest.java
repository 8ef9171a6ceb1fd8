package dev.outpost.relay.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.api.json.Json;
import dev.outpost.relay.http.HttpProblem;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ItemFormatTest {
    static final JsonNode MENU = Json.tree("""
            {"locale": "en-US", "currency": "USD",
             "categories": {"mains": {"name": "Mains", "sort": 1}, "sides": {"name": "Sides", "sort": 2}},
             "items": {
               "steak": {"name": "Steak", "description": "Dry-aged rib-eye with herb butter",
                         "price": {"amount_minor": 1850, "currency": "USD"}, "category": "mains", "calories": 900},
               "fries": {"name": "Fries", "price": {"amount_minor": 299, "currency": "USD"}, "category": "sides",
                         "calories": 320}}}""");

    static Channel channel(String unit, int cap, List<String> fields, String template) {
        ObjectNode doc = (ObjectNode) Json.tree("""
                {"kind": "website", "variant": "main", "site": "store-1", "locale": "en-US",
                 "categories": {"mains": "Main courses"}}""");
        doc.put("price_unit", unit);
        doc.put("description_cap", cap);
        doc.set("fields", Json.toTree(fields));
        doc.put("template", template);
        return Channel.read("web", doc, Set.of("website", "order-platform"));
    }

    @Test
    void priceGoesInTheChannelsUnitDisplayOrMinor() {
        List<String> all = ItemFormat.FIELDS;
        JsonNode display = ItemFormat.format(channel("display", 100, all, "{name} — {price}"), MENU, "steak");
        assertEquals("$18.50", display.get("price").textValue());
        assertEquals("Steak — $18.50", display.get("text").textValue());
        JsonNode minor = ItemFormat.format(channel("minor", 100, all, "{name} — {price}"), MENU, "steak");
        assertEquals(1850, minor.get("price").intValue());
        assertTrue(minor.get("price").isIntegralNumber(), "an integer, not \"1850\": " + minor);
        assertEquals("Steak — 1850", minor.get("text").textValue());
    }

    @Test
    void descriptionsAreTrimmedToTheCapWithAnEllipsis() {
        assertEquals("Dry-aged…", ItemFormat.trim("Dry-aged rib-eye", 10), "trailing space dropped before the ellipsis");
        assertEquals("Dry-aged r…", ItemFormat.trim("Dry-aged rib-eye", 11));
        assertEquals("Dry-aged rib-eye", ItemFormat.trim("Dry-aged rib-eye", 16), "exactly at the cap: whole");
        assertEquals("…", ItemFormat.trim("Steak", 1));
    }

    @Test
    void aCapCountsCharactersAndNeverCutsOneInHalf() {
        String crepes = "Cre\u0301pes au beurre"; // é as e + combining acute: one character, two code points
        String trimmed = ItemFormat.trim(crepes, 4);
        assertEquals("Cr…", trimmed, "cutting after the 'e' would drop its accent");
        String emoji = "🍔🍟🥤 combo";
        assertEquals("🍔🍟…", ItemFormat.trim(emoji, 3), "surrogate pairs stay whole");
        assertEquals(3, ItemFormat.trim(emoji, 3).codePointCount(0, ItemFormat.trim(emoji, 3).length()));
        String flags = "🇫🇷🇩🇪🇯🇵";
        assertEquals("🇫🇷…", ItemFormat.trim(flags, 4), "a flag is two code points and one character");
        String cjk = "和牛ステーキ定食";
        assertEquals("和牛ステ…", ItemFormat.trim(cjk, 5));
    }

    @Test
    void unsupportedFieldsAreDroppedAndCategoriesMapped() {
        JsonNode steak = ItemFormat.format(channel("display", 12, List.of("name", "category", "description"),
                "{name} ({category}): {description}"), MENU, "steak");
        assertFalse(steak.has("price"), "the channel does not take prices: " + steak);
        assertEquals("Main courses", steak.get("category").textValue(), "mapped");
        assertEquals("Dry-aged ri…", steak.get("description").textValue(), "12 characters");
        assertEquals("Steak (Main courses): Dry-aged ri…", steak.get("text").textValue());
        JsonNode fries = ItemFormat.format(channel("display", 12, List.of("name", "category", "description"),
                "{name} ({category}): {description}"), MENU, "fries");
        assertEquals("Sides", fries.get("category").textValue(), "unmapped: the menu's own name");
        assertFalse(fries.has("description"), "fries have none");
        assertEquals("Fries (Sides): ", fries.get("text").textValue());
    }

    @Test
    void anUnknownPlaceholderIsRefusedNamingIt() {
        HttpProblem typo = assertThrows(HttpProblem.class, () -> channel("display", 10, ItemFormat.FIELDS, "{nmae} {price}"));
        assertEquals(400, typo.status().getCode());
        assertEquals("channel web: template: unknown placeholder {nmae} at index 0 (placeholders: {name}, {description},"
                + " {price}, {category})", typo.getMessage());
        HttpProblem unsupported = assertThrows(HttpProblem.class, () -> channel("display", 10, List.of("name"),
                "{name} {price}"));
        assertEquals("channel web: template: placeholder {price} at index 7 is a field this channel does not support"
                + " (its fields: {name})", unsupported.getMessage());
        HttpProblem open = assertThrows(HttpProblem.class, () -> channel("display", 10, List.of("name"), "{name"));
        assertTrue(open.getMessage().contains("'{' at index 0 is never closed"), open.getMessage());
        HttpProblem lone = assertThrows(HttpProblem.class, () -> channel("display", 10, List.of("name"), "{name} }"));
        assertTrue(lone.getMessage().contains("a lone '}' at index 7"), lone.getMessage());
    }

    @Test
    void doubledBracesAreLiteral() {
        JsonNode fries = ItemFormat.format(channel("minor", 10, List.of("name"), "{{{name}}}"), MENU, "fries");
        assertEquals("{Fries}", fries.get("text").textValue());
    }

    @Test
    void aBadChannelDocumentNamesTheField() {
        HttpProblem unit = assertThrows(HttpProblem.class, () -> channel("cents", 10, List.of("name"), "{name}"));
        assertTrue(unit.getMessage().startsWith("channel web: price_unit must be minor"), unit.getMessage());
        HttpProblem cap = assertThrows(HttpProblem.class, () -> channel("minor", 0, List.of("name"), "{name}"));
        assertTrue(cap.getMessage().startsWith("channel web: description_cap must be a whole number"), cap.getMessage());
        HttpProblem field = assertThrows(HttpProblem.class, () -> channel("minor", 5, List.of("name", "calories"), "{name}"));
        assertTrue(field.getMessage().startsWith("channel web: fields: unknown field \"calories\""), field.getMessage());
    }
}
