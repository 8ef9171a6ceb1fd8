package dev.outpost.relay.menu;

import static dev.outpost.relay.menu.MenuFixtures.json;
import static dev.outpost.relay.menu.MenuFixtures.menu;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayerMergeTest {

    static ObjectNode merge(JsonNode... layers) {
        List<MenuLayer> named = new ArrayList<>();
        for (int i = 0; i < layers.length; i++) {
            named.add(new MenuLayer("l" + i, layers[i]));
        }
        return LayerMerge.merge(named);
    }

    static MenuLayerException refused(String layer) {
        return assertThrows(MenuLayerException.class,
                () -> LayerMerge.merge(List.of(new MenuLayer("global", menu()), new MenuLayer("store:s-1", json(layer)))));
    }

    @Test
    void noLayersMergeToAnEmptyObject() {
        assertEquals(json("{}"), LayerMerge.merge(List.of()));
    }

    @Test
    void objectsMergeKeyByKeyAndLaterLayersWin() {
        ObjectNode merged = merge(menu(),
                json("{'items': {'fries': {'price': {'amount_minor': 349}}}}"),
                json("{'items': {'fries': {'price': {'amount_minor': 399}, 'calories': 300}}}"));
        assertEquals(json("{'amount_minor': 399, 'currency': 'USD'}"), merged.at("/items/fries/price"));
        assertEquals(300, merged.at("/items/fries/calories").intValue());
        assertEquals(menu().at("/items/big-burger"), merged.at("/items/big-burger"));
        assertEquals(menu().get("dayparts"), merged.get("dayparts"));
    }

    @Test
    void arraysReplaceAndAreNeverConcatenated() {
        ObjectNode merged = merge(menu(), json("{'items': {'big-burger': {'channels': ['kiosk'],"
                + " 'allergens': {'contains': ['milk']}}}}"));
        assertEquals(json("['kiosk']"), merged.at("/items/big-burger/channels"));
        assertEquals(json("{'contains': ['milk'], 'may_contain': ['sesame']}"), merged.at("/items/big-burger/allergens"));
    }

    @Test
    void aScalarReplacesAnObjectAndAnObjectReplacesAScalar() {
        assertEquals(json("{'a': 1}"), merge(json("{'a': {'b': 2}}"), json("{'a': 1}")));
        assertEquals(json("{'a': {'b': 2}}"), merge(json("{'a': 1}"), json("{'a': {'b': 2}}")));
    }

    @Test
    void nullIsKeptAsAValueAndValidationRejectsIt() {
        ObjectNode merged = merge(menu(), json("{'items': {'fries': {'calories': null}}}"));
        assertTrue(merged.at("/items/fries").has("calories"), "null must not delete the key");
        assertTrue(merged.at("/items/fries/calories").isNull());
        assertEquals(List.of(new MenuProblem(MenuProblem.Kind.SCHEMA, "items.fries.calories",
                "expected an integer, was null")), MenuValidation.validate(merged));
    }

    @Test
    void anObjectMergesOverANull() {
        assertEquals(json("{'a': {'b': 1}}"), merge(json("{'a': null}"), json("{'a': {'b': 1}}")));
    }

    @Test
    void aRemoveMarkerRemovesItsKeyAtAnyDepth() {
        ObjectNode merged = merge(menu(), json("""
                {'items': {'fries': {'$remove': true},
                           'big-burger': {'descriptions': {'es-US': {'$remove': true}}, 'channels': {'$remove': true}}},
                 'dayparts': {'breakfast': {'$remove': true}}}"""));
        assertFalse(merged.get("items").has("fries"));
        assertEquals(json("{'en-US': 'Two patties'}"), merged.at("/items/big-burger/descriptions"));
        assertFalse(merged.at("/items/big-burger").has("channels"));
        assertEquals(List.of("late", "lunch"), merged.get("dayparts").properties().stream()
                .map(Map.Entry::getKey).sorted().toList());
    }

    @Test
    void removingAnAbsentKeyIsFineAndLeavesNoMarker() {
        ObjectNode merged = merge(menu(), json("""
                {'items': {'salad': {'$remove': true}, 'fries': {'descriptions': {'$remove': true}}},
                 'promo': {'banner': {'$remove': true}}}"""));
        assertFalse(merged.get("items").has("salad"));
        assertFalse(merged.at("/items/fries").has("descriptions"));
        assertEquals(json("{}"), merged.get("promo"), "a new object keeps none of its markers");
        assertFalse(merged.toString().contains("$remove"));
    }

    @Test
    void aKeyRemovedByOneLayerCanBeAddedBackByALaterOne() {
        ObjectNode merged = merge(menu(), json("{'items': {'fries': {'$remove': true}}}"),
                json("{'items': {'fries': {'calories': 1}}}"));
        assertEquals(json("{'calories': 1}"), merged.at("/items/fries"));
    }

    @Test
    void aRemoveMarkerIsExactlyDollarRemoveTrue() {
        MenuLayerException wrongValue = refused("{'items': {'fries': {'$remove': false}}}");
        assertEquals("layer store:s-1: items.fries: a remove marker must be exactly {\"$remove\":true}, "
                + "was {\"$remove\":false}", wrongValue.getMessage());
        assertEquals("store:s-1", wrongValue.layer());
        assertEquals("items.fries", wrongValue.path());

        assertEquals("layer store:s-1: items.fries.price: a remove marker must be exactly {\"$remove\":true}, "
                        + "was {\"$remove\":true,\"amount_minor\":1}",
                refused("{'items': {'fries': {'price': {'$remove': true, 'amount_minor': 1}}}}").getMessage());
        assertEquals("layer store:s-1: items.fries: a remove marker must be exactly {\"$remove\":true}, "
                + "was {\"$remove\":\"true\"}", refused("{'items': {'fries': {'$remove': 'true'}}}").getMessage());
        assertEquals("layer store:s-1: items.fries: a remove marker must be exactly {\"$remove\":true}, "
                + "was {\"$remove\":null}", refused("{'items': {'fries': {'$remove': null}}}").getMessage());
    }

    @Test
    void aMalformedMarkerIsRefusedEvenWhereThereIsNothingToRemove() {
        assertEquals("layer store:s-1: items.salad.names: a remove marker must be exactly {\"$remove\":true}, "
                        + "was {\"$remove\":1}",
                refused("{'items': {'salad': {'names': {'$remove': 1}}}}").getMessage());
    }

    @Test
    void aRemoveMarkerCannotStandInsideAnArrayOrForAWholeLayer() {
        assertEquals("layer store:s-1: items.fries.channels[1]: a remove marker cannot stand inside an array, "
                        + "which replaces whole; remove the array's own key instead",
                refused("{'items': {'fries': {'channels': ['qr', {'$remove': true}]}}}").getMessage());
        assertEquals("layer store:s-1: items.fries.channels[0][0].x: a remove marker cannot stand inside an array, "
                        + "which replaces whole; remove the array's own key instead",
                refused("{'items': {'fries': {'channels': [[{'x': {'$remove': true}}]]}}}").getMessage());
        assertEquals("layer store:s-1: a remove marker cannot remove a whole layer",
                refused("{'$remove': true}").getMessage());
    }

    @Test
    void aLayerIsAnObject() {
        MenuLayerException e = assertThrows(MenuLayerException.class,
                () -> LayerMerge.merge(List.of(new MenuLayer("country:MX", json("[]")))));
        assertEquals("layer country:MX: expected an object, was []", e.getMessage());
        assertEquals("", e.path());
    }

    @Test
    void theLayersAreNeverChanged() {
        ObjectNode base = menu();
        JsonNode overlay = json("""
                {'items': {'fries': {'$remove': true}, 'big-burger': {'price': {'amount_minor': 1},
                 'channels': ['kiosk']}, 'salad': {'names': {'en-US': 'Salad'}}}, 'locales': null}""");
        ObjectNode baseBefore = base.deepCopy();
        JsonNode overlayBefore = overlay.deepCopy();

        ObjectNode merged = merge(base, overlay);
        assertEquals(baseBefore, base);
        assertEquals(overlayBefore, overlay);

        // the result shares no node with a layer: changing it changes neither
        ((ObjectNode) merged.at("/items/big-burger/price")).put("amount_minor", 2);
        ((ObjectNode) merged.at("/items/big-burger/names")).put("en-US", "Changed");
        ((ArrayNode) merged.at("/items/big-burger/channels")).add("pos");
        ((ObjectNode) merged.at("/items/salad/names")).set("es-US", TextNode.valueOf("Ensalada"));
        ((ArrayNode) merged.at("/items/big-burger/allergens/contains")).add("eggs");
        assertEquals(baseBefore, base);
        assertEquals(overlayBefore, overlay);
    }

    @Test
    void oneLayerMergesToACopyOfItself() {
        ObjectNode merged = merge(menu());
        assertEquals(menu(), merged);
        assertEquals(List.of(), MenuValidation.validate(merged));
    }
}
