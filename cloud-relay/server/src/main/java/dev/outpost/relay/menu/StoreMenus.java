package dev.outpost.relay.menu;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.relay.stores.StoreProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * What one store's layers merge to over time: the base menu (global, region, country, store) and, while promo
 * windows are open, the base with the open promos over it in the order they open. Segments cover all time; a null
 * bound is unbounded. The first one, from the beginning of time to the first promo window, is the base menu.
 */
final class StoreMenus {
    private StoreMenus() {
    }

    /** One stretch of time with one merged menu. */
    record Segment(Instant from, Instant until, List<Scope> promos, JsonNode menu) {
    }

    /** The base layers for {@code store}, in merge order. */
    static List<Layer> base(List<Layer> layers, StoreProfile store) {
        return layers.stream().filter(l -> l.scope().covers(store)).sorted(Comparator.comparing(Layer::scope)).toList();
    }

    static List<Segment> segments(List<Layer> layers, StoreProfile store) {
        List<Layer> base = base(layers, store);
        List<Layer> promos = layers.stream().filter(l -> l.scope().kind() == Scope.Kind.PROMO)
                .sorted(Comparator.comparing(Layer::activeFrom).thenComparing(Layer::scope)).toList();
        TreeSet<Instant> edges = new TreeSet<>();
        for (Layer promo : promos) {
            edges.add(promo.activeFrom());
            edges.add(promo.activeUntil());
        }
        List<Instant> bounds = new ArrayList<>();
        bounds.add(null);
        bounds.addAll(edges);
        bounds.add(null);
        List<Segment> out = new ArrayList<>();
        for (int i = 0; i + 1 < bounds.size(); i++) {
            Instant from = bounds.get(i);
            Instant until = bounds.get(i + 1);
            List<Layer> open = from == null || until == null ? List.of()
                    : promos.stream().filter(p -> p.openAt(from, until)).toList();
            List<Layer> merged = new ArrayList<>(base);
            merged.addAll(open);
            out.add(new Segment(from, until, open.stream().map(Layer::scope).toList(), merge(merged)));
        }
        return coalesce(out);
    }

    /** Merges layers in the order given; a malformed remove marker is a {@link MenuLayerException}. */
    static JsonNode merge(List<Layer> layers) {
        return LayerMerge.merge(layers.stream().map(l -> new MenuLayer(l.scope().toString(), l.document())).toList());
    }

    /** Neighbouring segments with the same promos (none, between two windows) are one. */
    private static List<Segment> coalesce(List<Segment> segments) {
        List<Segment> out = new ArrayList<>();
        for (Segment s : segments) {
            Segment last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.promos().equals(s.promos())) {
                out.set(out.size() - 1, new Segment(last.from(), s.until(), s.promos(), s.menu()));
            } else {
                out.add(s);
            }
        }
        return out;
    }

    /** The segment in force at {@code at}. */
    static Segment at(List<Segment> segments, Instant at) {
        for (Segment s : segments) {
            if ((s.from() == null || !at.isBefore(s.from())) && (s.until() == null || at.isBefore(s.until()))) {
                return s;
            }
        }
        throw new IllegalStateException("segments cover all time");
    }
}
