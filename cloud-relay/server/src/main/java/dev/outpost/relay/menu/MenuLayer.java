package dev.outpost.relay.menu;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One layer of a menu as {@link LayerMerge} applies it.
 *
 * @param name names the layer in errors, e.g. {@code global}, {@code country:MX}, {@code store:s-1042}
 * @param document a JSON object: a partial menu, with {@code {"$remove": true}} in place of a key to remove
 */
public record MenuLayer(String name, JsonNode document) {
    public MenuLayer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(document, "document");
        if (name.isBlank()) {
            throw new IllegalArgumentException("menu layer: name must not be blank, was \"" + name + "\"");
        }
    }
}
