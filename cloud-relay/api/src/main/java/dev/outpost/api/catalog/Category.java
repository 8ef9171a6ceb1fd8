package dev.outpost.api.catalog;

import dev.outpost.api.json.Fields;

/** A category SKUs are filed under. */
public record Category(String id, String name) {
    public Category {
        Fields.nonBlank("id", id);
        Fields.nonBlank("name", name);
    }
}
