package dev.outpost.appliance.menu;

import dev.outpost.api.manifest.Manifest;
import dev.outpost.api.manifest.ManifestEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What to do with the blobs of an accepted manifest, in order: drop every blob of a poisoned version first, then
 * fetch what is current, then the upcoming blobs that are due. Only the latest manifest counts: an activation missed
 * while the site was offline is not in it any more (the entry in force now is its {@code current}), so nothing is
 * replayed after an outage — the site goes straight to the current target.
 */
public final class SyncPlan {
    private SyncPlan() {
    }

    public enum Kind { DROP_POISONED, FETCH_CURRENT, FETCH_UPCOMING }

    /** One step; {@code entry} is null for a drop. */
    public record Step(Kind kind, String sha256, ManifestEntry entry) {
    }

    /**
     * The blobs of poisoned versions: those the manifest itself still pairs with a poisoned id, and those this site
     * saw named by such a version before ({@code known}: version id → blobs).
     */
    public static Set<String> poisonedBlobs(Manifest manifest, Map<String, Set<String>> known) {
        Set<String> poisoned = new LinkedHashSet<>();
        for (String version : manifest.poisoned()) {
            poisoned.addAll(known.getOrDefault(version, Set.of()));
        }
        for (List<ManifestEntry> entries : List.of(manifest.current(), manifest.upcoming())) {
            for (ManifestEntry entry : entries) {
                if (manifest.poisoned().contains(entry.versionId())) {
                    poisoned.add(entry.sha256());
                }
            }
        }
        return poisoned;
    }

    /**
     * @param poisoned     {@link #poisonedBlobs}
     * @param held         blobs on disk
     * @param upcomingDue  whether an upcoming entry's blob should be fetched now
     */
    public static List<Step> steps(Manifest manifest, Set<String> poisoned, Collection<String> held,
                                   Predicate<ManifestEntry> upcomingDue) {
        List<Step> steps = new ArrayList<>();
        for (String sha : poisoned) {
            if (held.contains(sha)) {
                steps.add(new Step(Kind.DROP_POISONED, sha, null));
            }
        }
        Set<String> planned = new LinkedHashSet<>();
        for (ManifestEntry entry : manifest.current()) {
            if (!poisoned.contains(entry.sha256()) && !held.contains(entry.sha256()) && planned.add(entry.sha256())) {
                steps.add(new Step(Kind.FETCH_CURRENT, entry.sha256(), entry));
            }
        }
        for (ManifestEntry entry : manifest.upcoming()) {
            if (!poisoned.contains(entry.sha256()) && !held.contains(entry.sha256())
                    && !planned.contains(entry.sha256()) && upcomingDue.test(entry)) {
                planned.add(entry.sha256());
                steps.add(new Step(Kind.FETCH_UPCOMING, entry.sha256(), entry));
            }
        }
        return steps;
    }

    /** Every blob the manifest names, current and upcoming. */
    public static Set<String> referenced(Manifest manifest) {
        Set<String> all = new LinkedHashSet<>();
        manifest.current().forEach(e -> all.add(e.sha256()));
        manifest.upcoming().forEach(e -> all.add(e.sha256()));
        return all;
    }
}
