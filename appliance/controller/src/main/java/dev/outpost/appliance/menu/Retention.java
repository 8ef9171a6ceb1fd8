package dev.outpost.appliance.menu;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which held blobs to keep: everything the accepted manifest names (current and upcoming), and per variant and
 * locale the blobs most recently current — the last-known-good and {@code keepPrevious} before it — so a rollback
 * or a device that lags can be served from the site. A poisoned blob is never kept.
 */
public final class Retention {
    private Retention() {
    }

    /**
     * @param referenced   blobs the accepted manifest names
     * @param history      per slot, the blobs that were current there, most recent first
     * @param keepPrevious how many besides the most recent to keep per slot
     * @param poisoned     blobs of poisoned versions
     */
    public static Set<String> keep(Collection<String> referenced, Map<String, List<String>> history, int keepPrevious,
                                   Set<String> poisoned) {
        Set<String> keep = new LinkedHashSet<>(referenced);
        for (List<String> slot : history.values()) {
            int kept = 0;
            for (String sha : slot) {
                if (poisoned.contains(sha)) {
                    continue;
                }
                if (kept++ > keepPrevious) {
                    break;
                }
                keep.add(sha);
            }
        }
        keep.removeAll(poisoned);
        return keep;
    }

    /** The held blobs not to keep. */
    public static Set<String> collect(Collection<String> held, Set<String> keep) {
        Set<String> collect = new HashSet<>(held);
        collect.removeAll(keep);
        return collect;
    }
}
