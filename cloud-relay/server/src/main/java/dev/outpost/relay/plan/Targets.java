package dev.outpost.relay.plan;

import dev.outpost.relay.stores.StoreProfile;
import java.util.List;

/** Which stores a plan is for: each list narrows (empty = any); a store must match every non-empty one. */
public record Targets(List<String> regions, List<String> countries, List<String> stores, List<String> tags) {
    public static final Targets ALL = new Targets(List.of(), List.of(), List.of(), List.of());

    public Targets {
        regions = List.copyOf(regions);
        countries = List.copyOf(countries);
        stores = List.copyOf(stores);
        tags = List.copyOf(tags);
    }

    public boolean matches(StoreProfile store) {
        return (regions.isEmpty() || regions.contains(store.region()))
                && (countries.isEmpty() || countries.contains(store.country()))
                && (stores.isEmpty() || stores.contains(store.siteId()))
                && (tags.isEmpty() || store.tags().stream().anyMatch(tags::contains));
    }
}
