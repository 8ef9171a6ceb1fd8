package dev.outpost.appliance.menu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.outpost.api.json.Json;
import dev.outpost.api.manifest.Manifest;
import dev.outpost.api.manifest.ManifestEntry;
import dev.outpost.api.sign.SignedDocument;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyncPlanTest {
    static final Instant NOW = Instant.parse("2026-03-02T19:00:00Z");

    static String sha(char c) {
        return String.valueOf(c).repeat(64);
    }

    static ManifestEntry entry(String version, String locale, char sha, Instant at) {
        return new ManifestEntry("main", version, locale, sha(sha), at, URI.create("/blobs/sha256/" + sha(sha)));
    }

    static Manifest manifest(List<ManifestEntry> current, List<ManifestEntry> upcoming, List<String> poisoned) {
        return new Manifest("store-1", 7, NOW, NOW.plus(Duration.ofHours(24)), NOW, Duration.ofSeconds(30), current,
                upcoming, poisoned, SignedDocument.sign(Json.tree("{}")));
    }

    @Test
    void afterAnOutagePoisonedBlobsGoFirstThenTheCurrentTargetNoMissedActivationIsReplayed() {
        // offline since breakfast (v1, 'a'); lunch (v2, 'b') came and went; v2 is now poisoned, v3 ('c') stands in,
        // and dinner (v4, 'd') is upcoming
        Manifest m = manifest(List.of(entry("main/v3", "en-US", 'c', NOW.minus(Duration.ofHours(1)))),
                List.of(entry("main/v4", "en-US", 'd', NOW.plus(Duration.ofHours(1)))), List.of("main/v2"));
        Set<String> poisoned = SyncPlan.poisonedBlobs(m, Map.of("main/v2", Set.of(sha('b'))));
        assertEquals(Set.of(sha('b')), poisoned);
        List<SyncPlan.Step> steps = SyncPlan.steps(m, poisoned, Set.of(sha('a'), sha('b')), e -> true);
        assertEquals(List.of(SyncPlan.Kind.DROP_POISONED, SyncPlan.Kind.FETCH_CURRENT, SyncPlan.Kind.FETCH_UPCOMING),
                steps.stream().map(SyncPlan.Step::kind).toList());
        assertEquals(List.of(sha('b'), sha('c'), sha('d')), steps.stream().map(SyncPlan.Step::sha256).toList());
    }

    @Test
    void anUpcomingBlobWaitsUntilDueAndWhatIsHeldIsNotFetchedAgain() {
        Manifest m = manifest(List.of(entry("main/v1", "en-US", 'a', NOW), entry("main/v1", "es-US", 'e', NOW)),
                List.of(entry("main/v2", "en-US", 'b', NOW.plus(Duration.ofHours(5)))), List.of());
        List<SyncPlan.Step> steps = SyncPlan.steps(m, Set.of(), Set.of(sha('a')), e -> false);
        assertEquals(List.of(sha('e')), steps.stream().map(SyncPlan.Step::sha256).toList());
        assertEquals(Set.of(sha('a'), sha('e'), sha('b')), SyncPlan.referenced(m));
    }

    @Test
    void aPoisonedVersionStillListedIsNeverFetched() {
        Manifest m = manifest(List.of(entry("main/v2", "en-US", 'b', NOW)), List.of(), List.of("main/v2"));
        Set<String> poisoned = SyncPlan.poisonedBlobs(m, Map.of());
        assertEquals(Set.of(sha('b')), poisoned);
        assertEquals(List.of(), SyncPlan.steps(m, poisoned, Set.of(), e -> true));
    }
}
