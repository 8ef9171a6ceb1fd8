package dev.outpost.relay.menu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Seeded random layers and menus against the laws the model promises: merge is a left fold that never leaves a
 * marker or touches its input and is associative for layers without markers; a valid menu reordered resolves to
 * the same bytes and diffs as empty; a diff's added, removed and high-risk verdict agree with a simple reference
 * model of items. A failing seed is in the message.
 */
class MenuSimulationTest {
    private static final int SEEDS = Integer.getInteger("outpost.sim.seeds", 300);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> KEYS = List.of("a", "b", "c", "d");
    private static final List<String> ALLERGENS = MenuValidation.ALLERGENS;

    @Test
    void mergeLaws() {
        for (int seed = 1; seed <= SEEDS; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            ObjectNode a = shaped(random, 3);
            ObjectNode b = shaped(random, 3);
            ObjectNode c = shaped(random, 3);
            String at = "seed " + seed;
            assertEquals(merge(merge(a, b), c), merge(a, merge(b, c)), at + ": associative without markers");
            assertEquals(a, merge(a), at + ": one layer is itself");
            assertEquals(a, merge(a, a), at + ": idempotent");

            ObjectNode x = anything(random, 3);
            ObjectNode y = anything(random, 3);
            ObjectNode z = anything(random, 3);
            ObjectNode xBefore = x.deepCopy();
            ObjectNode yBefore = y.deepCopy();
            ObjectNode all = merge(x, y, z);
            assertEquals(merge(merge(x, y), z), all, at + ": a left fold");
            assertEquals(all, merge(all, NODES.objectNode()), at + ": an empty layer changes nothing");
            assertFalse(all.toString().contains("$remove"), at + ": no marker survives: " + all);
            assertEquals(xBefore, x, at + ": layers unchanged");
            assertEquals(yBefore, y, at + ": layers unchanged");
        }
    }

    @Test
    void validMenusResolveAndDiffIndependentlyOfOrder() {
        for (int seed = 1; seed <= SEEDS; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            Map<String, Item> items = items(random);
            ObjectNode menu = menu(items, random);
            String at = "seed " + seed + ": " + menu;
            assertEquals(List.of(), MenuValidation.validate(menu), at);
            JsonNode reordered = ResolvedMenuTest.reversed(menu);
            assertTrue(MenuDiff.between(menu, reordered).isEmpty(), at);
            for (JsonNode locale : menu.get("locales")) {
                assertArrayEquals(ResolvedMenu.resolve(menu, locale.textValue()).bytes(),
                        ResolvedMenu.resolve(reordered, locale.textValue()).bytes(), at);
            }
        }
    }

    @Test
    void diffsAgreeWithAReferenceModel() {
        for (int seed = 1; seed <= SEEDS; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            Map<String, Item> before = items(random);
            Map<String, Item> after = mutate(before, random);
            // the same seed for both menus: the same locales, whatever the items
            MenuDiff diff = MenuDiff.between(menu(before, new SplittableRandom(seed)),
                    menu(after, new SplittableRandom(seed)));
            String at = "seed " + seed + ": " + before + " -> " + after;

            Set<String> added = new TreeSet<>(after.keySet());
            added.removeAll(before.keySet());
            Set<String> removed = new TreeSet<>(before.keySet());
            removed.removeAll(after.keySet());
            boolean highRisk = false;
            List<String> changed = new ArrayList<>();
            for (String id : before.keySet()) {
                Item old = before.get(id);
                Item now = after.get(id);
                if (now == null) {
                    continue;
                }
                if (!old.equals(now)) {
                    changed.add(id);
                }
                for (String allergen : old.contains) {
                    highRisk |= !now.contains.contains(allergen);
                }
                for (String allergen : old.mayContain) {
                    highRisk |= !now.mayContain.contains(allergen) && !now.contains.contains(allergen);
                }
                highRisk |= 2 * now.price < old.price;
            }
            assertEquals(List.copyOf(added), diff.added(), at);
            assertEquals(List.copyOf(removed), diff.removed(), at);
            assertEquals(changed, diff.changed().stream().map(MenuDiff.ItemChange::item).toList(), at);
            assertEquals(highRisk, diff.highRisk(), at + " " + diff.highRiskReasons());
        }
    }

    private static ObjectNode merge(ObjectNode... layers) {
        List<MenuLayer> named = new ArrayList<>();
        for (ObjectNode layer : layers) {
            named.add(new MenuLayer("random", layer));
        }
        return LayerMerge.merge(named);
    }

    /**
     * Keys a and b only ever hold scalars, arrays or null, and c and d only objects: associativity holds only
     * when no layer puts a scalar where another has an object (a scalar in the middle layer cuts the first
     * layer's object off in one grouping and not in the other).
     */
    private static ObjectNode shaped(SplittableRandom random, int depth) {
        ObjectNode object = NODES.objectNode();
        for (String key : KEYS) {
            boolean holdsObjects = key.compareTo("c") >= 0;
            if (random.nextInt(3) == 0 || holdsObjects && depth == 0) {
                continue;
            }
            if (holdsObjects) {
                object.set(key, shaped(random, depth - 1));
            } else {
                object.set(key, scalar(random));
            }
        }
        return object;
    }

    /** Anything anywhere, remove markers included. */
    private static ObjectNode anything(SplittableRandom random, int depth) {
        ObjectNode object = NODES.objectNode();
        for (String key : KEYS) {
            switch (random.nextInt(depth > 0 ? 6 : 4)) {
                case 0 -> { }
                case 1 -> object.set(key, scalar(random));
                case 2, 3 -> object.putObject(key).put(LayerMerge.REMOVE, true);
                default -> object.set(key, anything(random, depth - 1));
            }
        }
        return object;
    }

    private static JsonNode scalar(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> NODES.numberNode(random.nextInt(3));
            case 1 -> NODES.textNode("s" + random.nextInt(3));
            case 2 -> NODES.nullNode();
            default -> NODES.arrayNode().add(random.nextInt(3)).add("s" + random.nextInt(2));
        };
    }

    /** What the reference model knows of an item. */
    record Item(long price, Set<String> contains, Set<String> mayContain) {
    }

    private static Map<String, Item> items(SplittableRandom random) {
        Map<String, Item> items = new TreeMap<>();
        for (int i = 0; i < 6; i++) {
            if (random.nextInt(4) > 0) {
                items.put("item-" + i, item(random));
            }
        }
        return items;
    }

    private static Item item(SplittableRandom random) {
        Set<String> contains = new TreeSet<>();
        Set<String> mayContain = new TreeSet<>();
        for (String allergen : ALLERGENS) {
            switch (random.nextInt(6)) {
                case 0 -> contains.add(allergen);
                case 1 -> mayContain.add(allergen);
                default -> { }
            }
        }
        return new Item(random.nextLong(0, 2_000), contains, mayContain);
    }

    private static Map<String, Item> mutate(Map<String, Item> items, SplittableRandom random) {
        Map<String, Item> mutated = new TreeMap<>();
        items.forEach((id, item) -> {
            switch (random.nextInt(8)) {
                case 0 -> { }
                case 1 -> mutated.put(id, new Item(random.nextLong(0, 4_000), item.contains, item.mayContain));
                case 2 -> {
                    Item other = item(random);
                    mutated.put(id, new Item(item.price, other.contains, other.mayContain));
                }
                case 3 -> {
                    // everything possibly contained becomes contained: never a loss
                    Set<String> contains = new TreeSet<>(item.contains);
                    contains.addAll(item.mayContain);
                    mutated.put(id, new Item(item.price, contains, Set.of()));
                }
                default -> mutated.put(id, item);
            }
        });
        if (random.nextBoolean()) {
            mutated.put("item-new", item(random));
        }
        return mutated;
    }

    /** A valid menu of {@code items}, with random locales and list orders around them. */
    private static ObjectNode menu(Map<String, Item> items, SplittableRandom random) {
        List<String> locales = new ArrayList<>(List.of("en-US", "es-US", "fr-CA"));
        locales.subList(1 + random.nextInt(locales.size()), locales.size()).clear();
        ObjectNode menu = NODES.objectNode();
        menu.put("currency", "USD");
        ArrayNode localeList = menu.putArray("locales");
        locales.forEach(localeList::add);
        ObjectNode dayparts = menu.putObject("dayparts");
        dayparts.putObject("breakfast").put("from", "06:00").put("until", "11:00");
        dayparts.putObject("late").put("from", "22:00").put("until", "03:00");
        menu.putObject("categories").putObject("main").put("sort", 1).set("names", names("Main", locales));
        ObjectNode itemNodes = menu.putObject("items");
        items.forEach((id, item) -> {
            ObjectNode node = itemNodes.putObject(id);
            node.set("names", names(id, locales));
            node.putObject("price").put("amount_minor", item.price).put("currency", "USD");
            node.put("category", "main");
            ObjectNode allergens = node.putObject("allergens");
            allergens.set("contains", shuffled(item.contains, random));
            allergens.set("may_contain", shuffled(item.mayContain, random));
            node.put("calories", 100);
            // which optional fields an item has follows from its id, so an unchanged item keeps them
            if ((id.hashCode() & 1) == 0) {
                node.set("dayparts", shuffled(new LinkedHashSet<>(List.of("late", "breakfast")), random));
            }
            if ((id.hashCode() & 2) == 0) {
                node.set("channels", shuffled(new LinkedHashSet<>(List.of("website", "qr", "kiosk")), random));
            }
        });
        return menu;
    }

    private static ObjectNode names(String name, List<String> locales) {
        ObjectNode names = NODES.objectNode();
        locales.forEach(locale -> names.put(locale, name + " " + locale));
        return names;
    }

    private static ArrayNode shuffled(Set<String> values, SplittableRandom random) {
        List<String> list = new ArrayList<>(values);
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            list.set(j, list.set(i, list.get(j)));
        }
        ArrayNode array = NODES.arrayNode();
        list.forEach(array::add);
        return array;
    }
}
