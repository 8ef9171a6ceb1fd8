package dev.outpost.relay.menu;

import static dev.outpost.relay.menu.MenuFixtures.json;
import static dev.outpost.relay.menu.MenuFixtures.menu;
import static dev.outpost.relay.menu.MenuFixtures.menuWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.api.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResolvedMenuTest {

    static final JsonNode SMALL = json("""
            {'currency': 'USD', 'locales': ['en-US', 'es-US'],
             'categories': {'sides': {'names': {'en-US': 'Sides', 'es-US': 'Acompañamientos'}, 'sort': 20}},
             'items': {'fries': {'names': {'en-US': 'Fries', 'es-US': 'Papas fritas'},
                                 'descriptions': {'en-US': 'Crisp', 'es-US': 'Crujientes'},
                                 'price': {'amount_minor': 299, 'currency': 'USD'}, 'category': 'sides',
                                 'allergens': {'contains': ['milk', 'cereals_gluten'], 'may_contain': []},
                                 'calories': 320, 'channels': ['website', 'qr']}}}""");

    static String text(ResolvedMenu menu) {
        return new String(menu.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void aLocaleGetsPlainNamesAndDescriptionsAsCanonicalJson() {
        ResolvedMenu spanish = ResolvedMenu.resolve(SMALL, "es-US");
        assertEquals("es-US", spanish.locale());
        assertEquals("{\"categories\":{\"sides\":{\"name\":\"Acompañamientos\",\"sort\":20}},\"currency\":\"USD\","
                + "\"items\":{\"fries\":{\"allergens\":{\"contains\":[\"cereals_gluten\",\"milk\"],\"may_contain\":[]},"
                + "\"calories\":320,\"category\":\"sides\",\"channels\":[\"qr\",\"website\"],\"description\":\"Crujientes\","
                + "\"name\":\"Papas fritas\",\"price\":{\"amount_minor\":299,\"currency\":\"USD\"}}},\"locale\":\"es-US\"}",
                text(spanish));
        assertEquals("Fries", Json.tree(ResolvedMenu.resolve(SMALL, "en-US").bytes()).at("/items/fries/name").textValue());
    }

    @Test
    void theHashIsTheLowercaseHexSha256OfTheBytes() throws Exception {
        ResolvedMenu resolved = ResolvedMenu.resolve(menu(), "en-US");
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(resolved.bytes()));
        assertEquals(expected, resolved.sha256());
        assertTrue(resolved.sha256().matches("[0-9a-f]{64}"), resolved.sha256());
    }

    @Test
    void daypartsAndEverythingButTheLocaleMapsCarryOver() {
        JsonNode blob = Json.tree(ResolvedMenu.resolve(menu(), "en-US").bytes());
        assertEquals(menu().get("dayparts"), blob.get("dayparts"));
        assertFalse(blob.has("locales"));
        assertFalse(blob.at("/items/big-burger").has("names"));
        assertFalse(blob.at("/items/big-burger").has("descriptions"));
        assertEquals("Two patties", blob.at("/items/big-burger/description").textValue());
        assertFalse(blob.at("/items/fries").has("description"), "no descriptions, no description");
        assertEquals(json("['late', 'lunch']"), blob.at("/items/big-burger/dayparts"));
        assertEquals("Burgers", blob.at("/categories/burgers/name").textValue());
    }

    @Test
    void theSameMenuInAnotherKeyAndSetOrderGivesTheSameBytesAndHash() {
        JsonNode shuffled = reversed(menu());
        assertNotEquals(menu().toString(), shuffled.toString(), "the test must actually reorder");
        for (String locale : List.of("en-US", "es-US")) {
            ResolvedMenu a = ResolvedMenu.resolve(menu(), locale);
            ResolvedMenu b = ResolvedMenu.resolve(shuffled, locale);
            assertArrayEquals(a.bytes(), b.bytes());
            assertEquals(a.sha256(), b.sha256());
        }
    }

    @Test
    void anyChangeChangesTheHash() {
        String before = ResolvedMenu.resolve(menu(), "en-US").sha256();
        assertNotEquals(before, ResolvedMenu.resolve(
                menuWith("{'items': {'fries': {'price': {'amount_minor': 298}}}}"), "en-US").sha256());
        assertNotEquals(before, ResolvedMenu.resolve(menu(), "es-US").sha256());
    }

    @Test
    void aLocaleTheMenuDoesNotHaveIsRefusedNamingTheOnesItHas() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResolvedMenu.resolve(menu(), "fr-FR"));
        assertEquals("menu: has no locale fr-FR (the menu's locales are en-US, es-US)", e.getMessage());
    }

    @Test
    void anInvalidMenuIsNotResolved() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResolvedMenu.resolve(
                menuWith("{'items': {'fries': {'calories': null, 'names': {'es-US': {'$remove': true}}}}}"), "en-US"));
        assertEquals("menu: cannot resolve an invalid menu; 2 problems: "
                + "items.fries.names: missing es-US (the menu's locales are en-US, es-US); "
                + "items.fries.calories: expected an integer, was null", e.getMessage());
    }

    @Test
    void resolvingChangesNeitherTheMenuNorItsBytes() {
        ObjectNode menu = menu();
        ResolvedMenu resolved = ResolvedMenu.resolve(menu, "en-US");
        assertEquals(menu(), menu);
        byte[] bytes = resolved.bytes();
        bytes[0] = 'x';
        assertEquals('{', resolved.bytes()[0]);
    }

    /** Every object's keys and every array in reverse order. */
    static JsonNode reversed(JsonNode node) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (int i = fields.size() - 1; i >= 0; i--) {
                out.set(fields.get(i).getKey(), reversed(fields.get(i).getValue()));
            }
            return out;
        }
        if (node.isArray() && !node.isEmpty() && node.get(0).isTextual()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (int i = node.size() - 1; i >= 0; i--) {
                out.add(node.get(i));
            }
            return out;
        }
        return node.deepCopy();
    }
}
