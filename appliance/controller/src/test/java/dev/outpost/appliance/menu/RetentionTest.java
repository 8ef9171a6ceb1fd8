package dev.outpost.appliance.menu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetentionTest {
    @Test
    void keepsWhatTheManifestNamesAndPerSlotTheLastKnownGoodAndNPrevious() {
        Map<String, List<String>> history = Map.of(
                "main/en-US", List.of("e5", "e4", "e3", "e2", "e1", "e0"),
                "main/es-US", List.of("s1", "s0"));
        Set<String> keep = Retention.keep(List.of("e5", "s1", "up"), history, 3, Set.of());
        assertEquals(Set.of("e5", "e4", "e3", "e2", "s1", "s0", "up"), keep);
        assertEquals(Set.of("e1", "e0", "stray"), Retention.collect(List.of("e5", "e4", "e1", "e0", "s0", "stray"), keep));
    }

    @Test
    void keepPreviousZeroKeepsOnlyTheLastKnownGood() {
        Set<String> keep = Retention.keep(List.of(), Map.of("main/en-US", List.of("e2", "e1")), 0, Set.of());
        assertEquals(Set.of("e2"), keep);
    }

    @Test
    void aPoisonedBlobIsNeverKeptAndDoesNotCountAsAPreviousVersion() {
        Set<String> keep = Retention.keep(List.of("e3"), Map.of("main/en-US", List.of("e3", "bad", "e1", "e0")), 1,
                Set.of("bad"));
        assertEquals(Set.of("e3", "e1"), keep);
        assertEquals(Set.of(), Retention.keep(List.of("bad"), Map.of(), 3, Set.of("bad")), "even when named");
    }
}
