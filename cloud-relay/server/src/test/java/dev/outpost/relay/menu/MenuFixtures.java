package dev.outpost.relay.menu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.api.json.Json;
import java.util.List;

/** Menu documents for tests, written with single quotes for readability. */
final class MenuFixtures {
    private MenuFixtures() {
    }

    /** JSON with ' for ". */
    static JsonNode json(String text) {
        return Json.tree(text.replace('\'', '"'));
    }

    /** A valid menu: two locales, three dayparts (one across midnight), two categories, two items. */
    static ObjectNode menu() {
        return (ObjectNode) json("""
                {
                  'currency': 'USD',
                  'locales': ['en-US', 'es-US'],
                  'dayparts': {
                    'breakfast': {'from': '06:00', 'until': '10:30'},
                    'lunch': {'from': '10:30', 'until': '16:00'},
                    'late': {'from': '22:00', 'until': '02:00'}
                  },
                  'categories': {
                    'burgers': {'names': {'en-US': 'Burgers', 'es-US': 'Hamburguesas'}, 'sort': 10},
                    'sides': {'names': {'en-US': 'Sides', 'es-US': 'Acompañamientos'}, 'sort': 20}
                  },
                  'items': {
                    'big-burger': {
                      'names': {'en-US': 'Big Burger', 'es-US': 'Hamburguesa grande'},
                      'descriptions': {'en-US': 'Two patties', 'es-US': 'Dos carnes'},
                      'price': {'amount_minor': 899, 'currency': 'USD'},
                      'category': 'burgers',
                      'allergens': {'contains': ['milk', 'cereals_gluten'], 'may_contain': ['sesame']},
                      'calories': 540,
                      'dayparts': ['lunch', 'late'],
                      'channels': ['website', 'qr']
                    },
                    'fries': {
                      'names': {'en-US': 'Fries', 'es-US': 'Papas fritas'},
                      'price': {'amount_minor': 299, 'currency': 'USD'},
                      'category': 'sides',
                      'allergens': {'contains': [], 'may_contain': []},
                      'calories': 320
                    }
                  }
                }
                """);
    }

    /** {@code base} with {@code patch} merged over it, as a later layer would. */
    static ObjectNode with(JsonNode base, String patch) {
        return LayerMerge.merge(List.of(new MenuLayer("base", base), new MenuLayer("patch", json(patch))));
    }

    /** The menu with {@code patch} merged over it. */
    static ObjectNode menuWith(String patch) {
        return with(menu(), patch);
    }
}
