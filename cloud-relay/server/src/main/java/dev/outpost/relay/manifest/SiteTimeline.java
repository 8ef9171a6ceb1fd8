package dev.outpost.relay.manifest;

import dev.outpost.api.manifest.ManifestEntry;
import dev.outpost.relay.plan.Plan;
import dev.outpost.relay.plan.Plans;
import dev.outpost.relay.store.Tx;
import dev.outpost.relay.stores.StoreProfile;
import java.net.URI;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What one store shows over time, per variant and locale: the version the live plans put on it (the latest
 * activation at or before an instant wins; a later plan wins a tie; a poisoned version shows as its safe one), and of
 * that version the blob published for this store, locale and stretch of promo time. A store shows only the locales
 * of the version in force.
 */
final class SiteTimeline {
    private final Map<String, List<Activation>> activations = new HashMap<>();
    private final Map<String, List<Row>> rows = new HashMap<>();

    private record Activation(Instant at, int number) {
    }

    private record Row(int number, String locale, Instant from, Instant until, String sha256) {
        boolean at(Instant t) {
            return (from == null || !t.isBefore(from)) && (until == null || t.isBefore(until));
        }
    }

    /** One screen's content at an instant. */
    private record Shown(int number, String sha256) {
    }

    private SiteTimeline() {
    }

    static SiteTimeline of(Tx tx, StoreProfile store, List<Plans.Poison> poisons) throws SQLException {
        SiteTimeline timeline = new SiteTimeline();
        Map<String, Integer> safe = new HashMap<>();
        for (Plans.Poison p : poisons) {
            safe.put(p.variantId() + "/" + p.number(), p.safeNumber());
        }
        for (Plan plan : Plans.live(tx)) { // oldest first: a later plan at the same instant comes later and wins
            if (plan.covers(store)) {
                int number = safe.getOrDefault(plan.variantId() + "/" + plan.number(), plan.number());
                timeline.activations.computeIfAbsent(plan.variantId(), v -> new ArrayList<>())
                        .add(new Activation(plan.activationAt(store), number));
            }
        }
        timeline.activations.values().forEach(list -> list.sort(Comparator.comparing(Activation::at)));
        for (var r : tx.query("SELECT variant_id, number, locale, valid_from, valid_until, sha256 FROM menu_resolved"
                + " WHERE site_id = ? ORDER BY variant_id, number, locale, seq", rs -> Map.entry(rs.getString(1),
                new Row(rs.getInt(2), rs.getString(3), instant(rs.getString(4)), instant(rs.getString(5)),
                        rs.getString(6))), store.siteId())) {
            timeline.rows.computeIfAbsent(r.getKey(), v -> new ArrayList<>()).add(r.getValue());
        }
        return timeline;
    }

    /** What each screen shows at {@code now}, one entry per variant and locale. */
    List<ManifestEntry> current(Instant now) {
        List<ManifestEntry> out = new ArrayList<>();
        for (String variant : new TreeSet<>(activations.keySet())) {
            Activation in = inForce(variant, now);
            if (in != null) {
                shown(variant, now).forEach((locale, s) -> out.add(entry(variant, locale, s, in.at())));
            }
        }
        out.sort(Comparator.comparing(ManifestEntry::slot));
        return out;
    }

    /**
     * Every change a screen will see after {@code now} and before {@code until}: a plan's activation or a promo
     * window opening or closing, as an entry for each locale whose content changes then.
     */
    List<ManifestEntry> upcoming(Instant now, Instant until) {
        List<ManifestEntry> out = new ArrayList<>();
        for (String variant : new TreeSet<>(activations.keySet())) {
            TreeSet<Instant> changes = new TreeSet<>();
            activations.get(variant).forEach(a -> changes.add(a.at()));
            rows.getOrDefault(variant, List.of()).forEach(r -> {
                changes.add(r.from() == null ? Instant.MIN : r.from());
                changes.add(r.until() == null ? Instant.MIN : r.until());
            });
            Map<String, Shown> before = shown(variant, now);
            for (Instant t : changes.subSet(now, false, until, false)) {
                Map<String, Shown> after = shown(variant, t);
                Map<String, Shown> previous = before;
                after.forEach((locale, s) -> {
                    if (!s.equals(previous.get(locale))) {
                        out.add(entry(variant, locale, s, t));
                    }
                });
                before = after;
            }
        }
        out.sort(Comparator.comparing(ManifestEntry::activateAt).thenComparing(ManifestEntry::slot));
        return out;
    }

    private Activation inForce(String variant, Instant t) {
        Activation in = null;
        for (Activation a : activations.getOrDefault(variant, List.of())) {
            if (!a.at().isAfter(t)) {
                in = a;
            }
        }
        return in;
    }

    private Map<String, Shown> shown(String variant, Instant t) {
        Map<String, Shown> out = new LinkedHashMap<>();
        Activation in = inForce(variant, t);
        if (in == null) {
            return out;
        }
        for (Row r : rows.getOrDefault(variant, List.of())) {
            if (r.number() == in.number() && r.at(t)) {
                out.put(r.locale(), new Shown(r.number(), r.sha256()));
            }
        }
        return out;
    }

    private static ManifestEntry entry(String variant, String locale, Shown s, Instant at) {
        return new ManifestEntry(variant, variant + "/v" + s.number(), locale, s.sha256(), at,
                URI.create("/blobs/sha256/" + s.sha256()));
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
