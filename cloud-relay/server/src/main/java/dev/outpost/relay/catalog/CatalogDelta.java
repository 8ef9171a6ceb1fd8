package dev.outpost.relay.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.api.catalog.CatalogDocument;
import dev.outpost.api.catalog.CatalogJson;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Catalog documents as the relay stores them (JSON trees in the contract's format): the normal form of a snapshot and
 * the delta between two snapshots. Entries are whole and keyed ({@code id}, {@code sku}, or {@code site} and
 * {@code sku} for a store price); a delta holds every entry added or changed and the key of every entry removed, so
 * {@link CatalogDocument#merge} of the delta onto the older snapshot gives the newer one.
 */
final class CatalogDelta {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Each section and the key of its entries. */
    static final Map<String, Function<JsonNode, String>> SECTIONS = sections();
    /** Fields that say which document this is; every other scalar field is the catalog's (currency, effective_at). */
    private static final List<String> IDENTITY = List.of("catalog", "version", "kind", "base_version", "removed");

    private CatalogDelta() {
    }

    private static Map<String, Function<JsonNode, String>> sections() {
        Map<String, Function<JsonNode, String>> out = new LinkedHashMap<>();
        Function<JsonNode, String> id = e -> e.path("id").asText();
        out.put("tax_rates", id);
        out.put("categories", id);
        out.put("skus", e -> e.path("sku").asText());
        out.put("store_prices", e -> storePriceKey(e.path("site").asText(), e.path("sku").asText()));
        out.put("price_changes", id);
        out.put("promotions", id);
        return out;
    }

    private static String storePriceKey(String site, String sku) {
        return site + "\u0000" + sku;
    }

    /**
     * The normal form of a snapshot: the contract JSON of {@code snapshot} with each section sorted by key, and neither
     * {@code base_version} nor {@code removed}; two equal catalogs have one normal form.
     */
    public static ObjectNode snapshot(CatalogDocument snapshot) {
        if (!snapshot.isSnapshot()) {
            throw new IllegalArgumentException(snapshot.label() + ": is a delta, not a snapshot");
        }
        ObjectNode tree = CatalogJson.tree(snapshot);
        ObjectNode out = NODES.objectNode();
        out.put("catalog", snapshot.catalog());
        out.put("version", snapshot.version());
        out.put("kind", "snapshot");
        copyScalars(tree, out);
        SECTIONS.forEach((section, key) -> out.set(section, sorted(entries(tree, section).values(), key)));
        return out;
    }

    /** The delta that takes a site holding snapshot {@code from} to snapshot {@code to}. */
    public static ObjectNode delta(JsonNode from, JsonNode to) {
        ObjectNode out = NODES.objectNode();
        out.put("catalog", to.path("catalog").asText());
        out.put("version", to.path("version").asLong());
        out.put("kind", "delta");
        out.put("base_version", from.path("version").asLong());
        copyScalars(to, out);
        ObjectNode removed = NODES.objectNode();
        for (String section : SECTIONS.keySet()) {
            Map<String, JsonNode> before = entries(from, section);
            Map<String, JsonNode> after = entries(to, section);
            ArrayNode changed = out.putArray(section);
            after.forEach((k, entry) -> {
                if (!entry.equals(before.get(k))) {
                    changed.add(entry);
                }
            });
            ArrayNode gone = removed.putArray(section);
            before.forEach((k, entry) -> {
                if (!after.containsKey(k)) {
                    gone.add(section.equals("store_prices") ? storePriceRef(entry) : entry.path(
                            section.equals("skus") ? "sku" : "id"));
                }
            });
        }
        out.set("removed", removed);
        return out;
    }

    private static ObjectNode storePriceRef(JsonNode entry) {
        ObjectNode ref = NODES.objectNode();
        ref.set("site", entry.path("site"));
        ref.set("sku", entry.path("sku"));
        return ref;
    }

    private static void copyScalars(JsonNode from, ObjectNode to) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = from.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!IDENTITY.contains(field.getKey()) && !SECTIONS.containsKey(field.getKey())) {
                to.set(field.getKey(), field.getValue().deepCopy());
            }
        }
    }

    private static Map<String, JsonNode> entries(JsonNode document, String section) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        Function<JsonNode, String> key = SECTIONS.get(section);
        for (JsonNode entry : document.path(section)) {
            out.put(key.apply(entry), entry);
        }
        return out;
    }

    private static ArrayNode sorted(Iterable<JsonNode> entries, Function<JsonNode, String> key) {
        List<JsonNode> list = new ArrayList<>();
        entries.forEach(e -> list.add(e.deepCopy()));
        list.sort(Comparator.comparing(key));
        ArrayNode out = NODES.arrayNode();
        list.forEach(out::add);
        return out;
    }
}
