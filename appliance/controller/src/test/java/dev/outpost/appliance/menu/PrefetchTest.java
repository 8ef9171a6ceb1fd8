package dev.outpost.appliance.menu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PrefetchTest {
    static final Instant T = Instant.parse("2026-03-02T11:00:00Z");
    static final Duration WINDOW = Duration.ofHours(2);

    @Test
    void theMomentFallsInTheFirstHalfOfTheWindowForEverySiteAndBlob() {
        double min = 1;
        double max = 0;
        for (int i = 0; i < 2_000; i++) {
            double f = Prefetch.fraction("store-" + i, "a".repeat(63) + (i % 10));
            assertTrue(f >= 0 && f < 1, "fraction " + f);
            min = Math.min(min, f);
            max = Math.max(max, f);
            Instant moment = Prefetch.moment(T, WINDOW, f);
            assertFalse(moment.isBefore(T.minus(WINDOW)), moment + " before the window opens");
            assertTrue(moment.isBefore(T.minus(WINDOW.dividedBy(2))), moment + " in the second half");
        }
        assertTrue(min < 0.05 && max > 0.95, "spread over the whole half: " + min + ".." + max);
    }

    @Test
    void theFractionIsTheSameAfterARestart() {
        assertEquals(Prefetch.fraction("store-1", "ab"), Prefetch.fraction("store-1", "ab"));
        assertTrue(Prefetch.fraction("store-1", "ab") != Prefetch.fraction("store-2", "ab"));
    }

    @Test
    void anEntrySeenBeforeTheWindowWaitsForItsMoment() {
        Instant seen = T.minus(Duration.ofDays(1));
        double f = 0.5;
        Instant moment = T.minus(Duration.ofMinutes(90));
        assertEquals(moment, Prefetch.moment(T, WINDOW, f));
        assertFalse(Prefetch.due(T, WINDOW, f, seen, T.minus(WINDOW)), "the window is open, the moment not yet");
        assertFalse(Prefetch.due(T, WINDOW, f, seen, moment.minusMillis(1)));
        assertTrue(Prefetch.due(T, WINDOW, f, seen, moment));
        assertTrue(Prefetch.due(T, WINDOW, f, seen, T.plusSeconds(1)), "activated already: fetch");
    }

    @Test
    void anEntryFirstSeenInsideTheWindowIsFetchedAtOnce() {
        Instant seen = T.minus(Duration.ofMinutes(110));
        assertTrue(Prefetch.due(T, WINDOW, 0.99, seen, seen));
        assertFalse(Prefetch.due(T, WINDOW, 0.99, T.minus(WINDOW).minusMillis(1), T.minus(WINDOW).plusSeconds(1)),
                "seen a moment before the window opened: waits for its moment");
    }
}
