package dev.outpost.relay.menu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Merges menu layers, in order, into one document (ARCHITECTURE.md §5: layers merge at publish time, never on
 * devices).
 *
 * <p>Objects merge key by key, recursively; scalars and arrays replace what was there. JSON null is a value like
 * any other, left for validation to reject where it is not allowed: treating it as a deletion would make a layer
 * that forgot a value indistinguishable from one that meant to remove it. Removing takes the explicit marker
 * {@code {"$remove": true}} as the key's value; removing a key that is absent is fine, and no marker survives
 * into the result.
 *
 * <p>The result is built from copies, so the layers are never changed and sharing a layer between merges is safe.
 */
public final class LayerMerge {
    static final String REMOVE = "$remove";

    private LayerMerge() {
    }

    /**
     * The merged menu; no layers give an empty object.
     *
     * @throws MenuLayerException naming the layer and path of a layer that is not an object or of a malformed
     *         remove marker
     */
    public static ObjectNode merge(List<MenuLayer> layers) {
        ObjectNode merged = JsonNodeFactory.instance.objectNode();
        for (MenuLayer layer : layers) {
            if (!(layer.document() instanceof ObjectNode document)) {
                throw new MenuLayerException(layer.name(), "",
                        "expected an object, was " + MenuPaths.json(layer.document()));
            }
            mergeInto(merged, document, layer.name(), "");
        }
        return merged;
    }

    /** Applies {@code overlay} to {@code target}, which belongs to the merge and may be changed. */
    private static void mergeInto(ObjectNode target, ObjectNode overlay, String layer, String path) {
        for (Map.Entry<String, JsonNode> entry : overlay.properties()) {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            String keyPath = MenuPaths.child(path, key);
            if (key.equals(REMOVE)) {
                // a well-formed marker is caught one level up, as a key's value; this one is a layer's root
                throw new MenuLayerException(layer, path, "a remove marker cannot remove a whole layer");
            }
            if (value instanceof ObjectNode object && object.has(REMOVE)) {
                requireMarker(object, layer, keyPath);
                target.remove(key);
            } else if (value instanceof ObjectNode object) {
                ObjectNode child = target.get(key) instanceof ObjectNode existing
                        ? existing
                        : JsonNodeFactory.instance.objectNode();
                mergeInto(child, object, layer, keyPath);
                target.set(key, child);
            } else {
                rejectMarkersWithin(value, layer, keyPath);
                target.set(key, value.deepCopy());
            }
        }
    }

    private static void requireMarker(ObjectNode marker, String layer, String path) {
        JsonNode flag = marker.get(REMOVE);
        if (marker.size() != 1 || !flag.isBoolean() || !flag.booleanValue()) {
            throw new MenuLayerException(layer, path,
                    "a remove marker must be exactly {\"$remove\":true}, was " + MenuPaths.json(marker));
        }
    }

    /** Arrays replace whole, so a marker inside one would have nothing to remove and would reach the result. */
    private static void rejectMarkersWithin(JsonNode value, String layer, String path) {
        if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                rejectMarkersWithin(value.get(i), layer, MenuPaths.index(path, i));
            }
        } else if (value.isObject()) {
            if (value.has(REMOVE)) {
                throw new MenuLayerException(layer, path, "a remove marker cannot stand inside an array, "
                        + "which replaces whole; remove the array's own key instead");
            }
            for (Map.Entry<String, JsonNode> entry : value.properties()) {
                rejectMarkersWithin(entry.getValue(), layer, MenuPaths.child(path, entry.getKey()));
            }
        }
    }
}
