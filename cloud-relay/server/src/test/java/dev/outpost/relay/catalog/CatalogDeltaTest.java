package dev.outpost.relay.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.api.catalog.CatalogDocument;
import dev.outpost.api.catalog.CatalogJson;
import dev.outpost.api.json.CanonicalJson;
import dev.outpost.api.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class CatalogDeltaTest {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final int SEEDS = 200;

    /** The property the sites rely on: the contract's merge of delta(a, b) onto a is b, and the delta holds no more. */
    @Test
    void aDeltaMergedOntoItsBaseIsTheNewerSnapshotForRandomCatalogs() {
        int changed = 0;
        int removed = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            ObjectNode first = Generator.catalog(random);
            JsonNode a = snapshot(first, 4);
            JsonNode b = snapshot(Generator.next(random, first), 9);
            JsonNode delta = wire(CatalogDelta.delta(a, b));
            CatalogDocument merged = CatalogJson.read(a).merge(CatalogJson.read(delta));
            assertArrayEquals(CanonicalJson.canonicalize(b), CanonicalJson.canonicalize(CatalogDelta.snapshot(merged)),
                    "seed " + seed + ": merge(a, delta(a, b)) != b; delta " + delta);
            for (String section : CatalogDelta.SECTIONS.keySet()) {
                for (JsonNode entry : delta.path(section)) {
                    assertFalse(contains(a.path(section), entry), "seed " + seed + ": unchanged " + section + " entry "
                            + entry + " in the delta");
                    changed++;
                }
                removed += delta.path("removed").path(section).size();
            }
        }
        assertTrue(changed > SEEDS && removed > SEEDS, "the seeds change and remove entries: " + changed + " changed, "
                + removed + " removed");
    }

    @Test
    void aSnapshotIsTheSameWhateverOrderItsEntriesCameIn() {
        ObjectNode doc = Generator.catalog(new SplittableRandom(7));
        ObjectNode reversed = doc.deepCopy();
        for (String section : CatalogDelta.SECTIONS.keySet()) {
            List<JsonNode> list = new ArrayList<>();
            reversed.get(section).forEach(e -> list.add(0, e));
            ArrayNode back = reversed.putArray(section);
            list.forEach(back::add);
        }
        assertEquals(snapshot(doc, 1), snapshot(reversed, 1));
    }

    @Test
    void aDeltaHoldsWhatChangedWholeAndTheKeysOfWhatWent() {
        String base = """
                {"effective_at": "%s", "currency": "USD",
                 "tax_rates": [{"id": "food", "name": "Food", "basis_points": 825, "included": false}],
                 "categories": [{"id": "drinks", "name": "Drinks"}],
                 "skus": [%s], "store_prices": [%s], "price_changes": [], "promotions": []}""";
        String a = "{\"sku\": \"A\", \"name\": \"A\", \"category\": \"drinks\", \"tax_rate\": \"food\", \"price_minor\": 100,"
                + " \"barcodes\": [\"1\"]}";
        String b = a.replace("\"A\"", "\"B\"").replace("\"1\"", "\"2\"");
        JsonNode v1 = snapshot((ObjectNode) Json.tree(base.formatted("2026-11-21T10:00:00Z", a + ", " + b,
                "{\"site\": \"s1\", \"sku\": \"A\", \"price_minor\": 90}")), 1);
        JsonNode v2 = snapshot((ObjectNode) Json.tree(base.formatted("2026-11-22T10:00:00Z",
                a.replace("100", "110"), "")), 2);
        assertEquals(Json.tree("""
                {"catalog": "main", "version": 2, "kind": "delta", "base_version": 1,
                 "effective_at": "2026-11-22T10:00:00Z", "currency": "USD", "tax_rates": [], "categories": [],
                 "skus": [{"sku": "A", "name": "A", "category": "drinks", "tax_rate": "food", "price_minor": 110,
                           "barcodes": ["1"]}],
                 "store_prices": [], "price_changes": [], "promotions": [],
                 "removed": {"tax_rates": [], "categories": [], "skus": ["B"], "store_prices": [{"site": "s1", "sku": "A"}],
                             "price_changes": [], "promotions": []}}"""), wire(CatalogDelta.delta(v1, v2)));
    }

    static JsonNode snapshot(ObjectNode body, long version) {
        ObjectNode stamped = body.deepCopy().put("catalog", "main").put("version", version).put("kind", "snapshot");
        return wire(CatalogDelta.snapshot(CatalogJson.read(stamped)));
    }

    static JsonNode wire(JsonNode node) {
        return Json.tree(CanonicalJson.canonicalize(node));
    }

    static boolean contains(JsonNode list, JsonNode entry) {
        for (JsonNode e : list) {
            if (e.equals(entry)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Valid catalogs (every reference resolves, barcodes unique) drawn from small pools of keys and values, and a next
     * version of one: each entry kept as it was, changed, or removed, and new ones added.
     */
    static final class Generator {
        static final int SKUS = 30;

        static ObjectNode catalog(SplittableRandom random) {
            return next(random, null);
        }

        /** A catalog that keeps, changes or drops each entry of {@code previous} (null: a fresh one). */
        static ObjectNode next(SplittableRandom random, JsonNode previous) {
            ObjectNode doc = NODES.objectNode();
            doc.put("effective_at", "2026-11-2" + random.nextInt(10) + "T10:00:00Z");
            doc.put("currency", "USD");
            Map<String, JsonNode> taxes = section(random, previous, "tax_rates", 4, "t",
                    id -> NODES.objectNode().put("id", id).put("name", "Tax " + id)
                            .put("basis_points", List.of(0, 500, 825).get(random.nextInt(3))).put("included", random.nextBoolean()),
                    e -> true);
            Map<String, JsonNode> categories = section(random, previous, "categories", 5, "c",
                    id -> NODES.objectNode().put("id", id).put("name", "Category " + random.nextInt(3)), e -> true);
            List<String> taxIds = List.copyOf(taxes.keySet());
            List<String> categoryIds = List.copyOf(categories.keySet());
            Map<String, JsonNode> skus = section(random, previous, "skus", SKUS, "S", id -> {
                ObjectNode sku = NODES.objectNode().put("sku", id).put("name", "Item " + id)
                        .put("category", pick(random, categoryIds)).put("tax_rate", pick(random, taxIds))
                        .put("price_minor", List.of(100, 199, 250).get(random.nextInt(3)));
                ArrayNode barcodes = sku.putArray("barcodes").add("400" + id);
                if (random.nextBoolean()) {
                    barcodes.add("500" + id);
                }
                return sku;
            }, e -> categories.containsKey(e.path("category").asText()) && taxes.containsKey(e.path("tax_rate").asText()));
            List<String> skuIds = List.copyOf(skus.keySet());
            doc.set("tax_rates", array(taxes));
            doc.set("categories", array(categories));
            doc.set("skus", array(skus));
            if (skuIds.isEmpty()) {
                doc.putArray("store_prices");
                doc.putArray("price_changes");
                doc.putArray("promotions");
                return doc;
            }
            doc.set("store_prices", array(section(random, previous, "store_prices", 12, "", n -> NODES.objectNode()
                    .put("site", "store-" + n.length() % 3).put("sku", pick(random, skuIds))
                    .put("price_minor", List.of(90, 150).get(random.nextInt(2))),
                    e -> skus.containsKey(e.path("sku").asText()))));
            doc.set("price_changes", array(section(random, previous, "price_changes", 8, "pc", id -> NODES.objectNode()
                    .put("id", id).put("sku", pick(random, skuIds)).put("price_minor", 10 * random.nextInt(30))
                    .put("from", "2026-12-01T05:00:00Z").putNull("site"), e -> skus.containsKey(e.path("sku").asText()))));
            doc.set("promotions", array(section(random, previous, "promotions", 5, "p", id -> {
                ObjectNode p = NODES.objectNode().put("id", id).put("name", "Promo " + id).put("kind", "percent")
                        .put("basis_points", 500 * (1 + random.nextInt(3))).putNull("amount_minor").putNull("buy")
                        .putNull("get");
                p.putArray("skus").add(pick(random, skuIds));
                return p.put("from", "2026-11-01T00:00:00Z").put("until", "2026-12-31T23:59:59Z")
                        .put("min_purchase_minor", 0);
            }, e -> skus.containsKey(e.path("skus").path(0).asText()))));
            return doc;
        }

        /**
         * Entries by key: for each key of the pool, {@code previous}'s entry kept (when it still resolves), changed,
         * dropped, or a new one; the first key is always there, so the others have something to refer to.
         */
        static Map<String, JsonNode> section(SplittableRandom random, JsonNode previous, String section, int pool,
                                             String prefix, Function<String, ObjectNode> make,
                                             java.util.function.Predicate<JsonNode> resolves) {
            Map<String, JsonNode> before = new LinkedHashMap<>();
            if (previous != null) {
                previous.path(section).forEach(e -> before.put(CatalogDelta.SECTIONS.get(section).apply(e), e));
            }
            Map<String, JsonNode> out = new LinkedHashMap<>();
            for (int i = 0; i < pool; i++) {
                ObjectNode fresh = make.apply(prefix + i + "x".repeat(i % 3));
                String key = CatalogDelta.SECTIONS.get(section).apply(fresh);
                JsonNode held = before.get(key);
                double roll = random.nextDouble();
                JsonNode entry = held != null && roll < 0.6 && resolves.test(held) ? held
                        : held != null && roll < 0.8 || held == null && roll < 0.4 || i == 0 ? fresh : null;
                if (entry != null && resolves.test(entry) && !out.containsKey(key)) {
                    out.put(key, entry);
                }
            }
            return out;
        }

        static String pick(SplittableRandom random, List<String> from) {
            return from.get(random.nextInt(from.size()));
        }

        static ArrayNode array(Map<String, JsonNode> entries) {
            ArrayNode out = NODES.arrayNode();
            entries.values().forEach(out::add);
            return out;
        }
    }
}
