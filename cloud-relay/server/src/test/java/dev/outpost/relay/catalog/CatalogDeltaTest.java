package dev.outpost.relay.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.api.json.CanonicalJson;
import dev.outpost.api.json.Json;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CatalogDeltaTest {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final int SEEDS = 300;

    @Test
    void aDeltaAppliedToItsBaseIsTheTargetSnapshotForRandomCatalogs() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            JsonNode a = wire(CatalogDelta.snapshot(catalog(random), "main", 4));
            JsonNode b = wire(CatalogDelta.snapshot(mutate(random, a), "main", 5));
            JsonNode delta = wire(CatalogDelta.delta(a, b));
            assertArrayEquals(CanonicalJson.canonicalize(b), CanonicalJson.canonicalize(CatalogDelta.apply(delta, a)),
                    "seed " + seed + ": apply(delta(a, b), a) != b; delta " + delta);
            for (String section : CatalogDelta.SECTIONS.keySet()) {
                for (JsonNode entry : delta.path(section)) {
                    assertTrue(!contains(a.path(section), entry), "seed " + seed + ": " + section + " entry " + entry
                            + " is unchanged, yet in the delta");
                }
            }
        }
    }

    @Test
    void aSnapshotIsTheSameWhateverOrderItsEntriesCameIn() {
        SplittableRandom random = new SplittableRandom(7);
        ObjectNode doc = catalog(random);
        ObjectNode reversed = doc.deepCopy();
        for (String section : CatalogDelta.SECTIONS.keySet()) {
            ArrayNode list = (ArrayNode) reversed.get(section);
            ArrayNode back = NODES.arrayNode();
            for (int i = list.size() - 1; i >= 0; i--) {
                back.add(list.get(i));
            }
            reversed.set(section, back);
        }
        assertEquals(CatalogDelta.snapshot(doc, "main", 1), CatalogDelta.snapshot(reversed, "main", 1));
    }

    @Test
    void aDeltaNamesWhatChangedAndWhatWentByKey() {
        JsonNode a = CatalogDelta.snapshot(Json.tree("""
                {"effective_at": "2026-11-21T10:00:00Z", "currency": "USD", "tax_rates": [], "categories": [],
                 "skus": [{"sku": "A", "price_minor": 100}, {"sku": "B", "price_minor": 200}],
                 "store_prices": [{"site": "s1", "sku": "A", "price_minor": 90}],
                 "price_changes": [], "promotions": []}"""), "main", 1);
        JsonNode b = CatalogDelta.snapshot(Json.tree("""
                {"effective_at": "2026-11-22T10:00:00Z", "currency": "USD", "tax_rates": [], "categories": [],
                 "skus": [{"sku": "A", "price_minor": 110}, {"sku": "C", "price_minor": 300}],
                 "store_prices": [], "price_changes": [], "promotions": []}"""), "main", 2);
        JsonNode delta = CatalogDelta.delta(a, b);
        assertEquals(Json.tree("""
                {"catalog": "main", "version": 2, "kind": "delta", "base_version": 1,
                 "effective_at": "2026-11-22T10:00:00Z", "currency": "USD", "tax_rates": [], "categories": [],
                 "skus": [{"sku": "A", "price_minor": 110}, {"sku": "C", "price_minor": 300}],
                 "store_prices": [], "price_changes": [], "promotions": [],
                 "removed": {"tax_rates": [], "categories": [], "skus": ["B"], "store_prices": [{"site": "s1", "sku": "A"}],
                             "price_changes": [], "promotions": []}}"""), wire(delta));
        assertEquals("catalog main: the delta to version 2 applies on version 1, not on 2", assertThrows(
                IllegalArgumentException.class, () -> CatalogDelta.apply(delta, b)).getMessage());
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

    /** A catalog of a few of each kind of entry, keys drawn from small pools so that versions overlap. */
    static ObjectNode catalog(SplittableRandom random) {
        ObjectNode doc = NODES.objectNode();
        doc.put("effective_at", "2026-11-2" + random.nextInt(10) + "T10:00:00Z");
        doc.put("currency", "USD");
        ArrayNode taxes = doc.putArray("tax_rates");
        for (int i = 0, n = random.nextInt(4); i < n; i++) {
            taxes.addObject().put("id", "t" + i).put("name", "Tax " + i).put("basis_points", random.nextInt(2000))
                    .put("included", random.nextBoolean());
        }
        ArrayNode categories = doc.putArray("categories");
        for (int i = 0, n = random.nextInt(5); i < n; i++) {
            categories.addObject().put("id", "c" + i).put("name", "Category " + random.nextInt(100));
        }
        ArrayNode skus = doc.putArray("skus");
        for (int i = 0, n = random.nextInt(20); i < n; i++) {
            skus.add(sku(random, "S" + random.nextInt(40)));
        }
        dedupe(skus, "sku");
        ArrayNode stores = doc.putArray("store_prices");
        for (int i = 0, n = random.nextInt(10); i < n; i++) {
            stores.add(storePrice(random));
        }
        ArrayNode unique = NODES.arrayNode();
        java.util.Set<String> seen = new java.util.HashSet<>();
        stores.forEach(e -> {
            if (seen.add(e.path("site").asText() + "/" + e.path("sku").asText())) {
                unique.add(e);
            }
        });
        doc.set("store_prices", unique);
        ArrayNode changes = doc.putArray("price_changes");
        for (int i = 0, n = random.nextInt(6); i < n; i++) {
            changes.addObject().put("id", "pc" + random.nextInt(12)).put("sku", "S" + random.nextInt(40))
                    .put("price_minor", random.nextInt(1000)).put("from", "2026-12-01T05:00:00Z").putNull("site");
        }
        dedupe(changes, "id");
        ArrayNode promotions = doc.putArray("promotions");
        for (int i = 0, n = random.nextInt(4); i < n; i++) {
            ObjectNode p = promotions.addObject().put("id", "p" + random.nextInt(8)).put("name", "Promo")
                    .put("kind", "percent").put("basis_points", 100 * (1 + random.nextInt(50)));
            p.putArray("skus").add("S" + random.nextInt(40));
        }
        dedupe(promotions, "id");
        return doc;
    }

    /** {@code a} with some entries changed, some removed and some added, and maybe another effective time. */
    static ObjectNode mutate(SplittableRandom random, JsonNode a) {
        ObjectNode b = catalog(random);
        ObjectNode out = ((ObjectNode) a).deepCopy();
        out.remove(java.util.List.of("catalog", "version", "kind"));
        if (random.nextBoolean()) {
            out.set("effective_at", b.get("effective_at"));
        }
        for (String section : CatalogDelta.SECTIONS.keySet()) {
            ArrayNode merged = NODES.arrayNode();
            java.util.Map<String, JsonNode> byKey = new java.util.LinkedHashMap<>();
            for (JsonNode e : a.path(section)) {
                if (random.nextInt(5) > 0) { // a fifth of the entries go
                    byKey.put(CatalogDelta.SECTIONS.get(section).apply(e), e);
                }
            }
            for (JsonNode e : b.path(section)) {
                if (random.nextInt(3) == 0) { // a third of another catalog's entries come in or replace
                    byKey.put(CatalogDelta.SECTIONS.get(section).apply(e), e);
                }
            }
            byKey.values().forEach(merged::add);
            out.set(section, merged);
        }
        return out;
    }

    static ObjectNode sku(SplittableRandom random, String sku) {
        ObjectNode s = NODES.objectNode().put("sku", sku).put("name", "Item " + sku).put("category", "c0")
                .put("tax_rate", "t0").put("price_minor", random.nextInt(5000));
        s.putArray("barcodes").add("400" + sku);
        return s;
    }

    static ObjectNode storePrice(SplittableRandom random) {
        return NODES.objectNode().put("site", "store-" + random.nextInt(3)).put("sku", "S" + random.nextInt(40))
                .put("price_minor", random.nextInt(5000));
    }

    static void dedupe(ArrayNode list, String key) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = list.size() - 1; i >= 0; i--) {
            if (!seen.add(list.get(i).path(key).asText())) {
                list.remove(i);
            }
        }
    }
}
