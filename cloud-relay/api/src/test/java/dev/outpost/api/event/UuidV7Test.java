package dev.outpost.api.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidV7Test {
    static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

    static final class ManualClock implements InstantSource {
        Instant now;

        ManualClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** RFC 9562 sorts UUIDv7 by their bytes; UUID.compareTo compares signed longs, so compare text. */
    static boolean before(UUID a, UUID b) {
        return a.toString().compareTo(b.toString()) < 0;
    }

    @Test
    void layoutFollowsRfc9562() {
        UUID id = new UuidV7(InstantSource.fixed(T0)).next();
        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        assertEquals(T0.toEpochMilli(), id.getMostSignificantBits() >>> 16);
        assertEquals(String.format("%012x", T0.toEpochMilli()), id.toString().replace("-", "").substring(0, 12));
        assertEquals('7', id.toString().charAt(14));
        assertTrue("89ab".indexOf(id.toString().charAt(19)) >= 0, id.toString());
    }

    @Test
    void idsUnderAFrozenClockAreStrictlyIncreasingAndUnique() {
        UuidV7 generator = new UuidV7(InstantSource.fixed(T0), new Random(7));
        UUID previous = generator.next();
        Set<UUID> seen = new HashSet<>();
        seen.add(previous);
        // far more than the 12-bit counter holds, so the timestamp has to be carried forward
        for (int i = 0; i < 20_000; i++) {
            UUID next = generator.next();
            assertTrue(before(previous, next), previous + " then " + next);
            assertTrue(seen.add(next));
            previous = next;
        }
        assertTrue(UuidV7.timestamp(previous).isAfter(T0), "counter overflow carried into the timestamp");
        assertTrue(UuidV7.timestamp(previous).isBefore(T0.plusSeconds(1)));
    }

    @Test
    void withinOneMillisecondTheCounterSteps() {
        UuidV7 generator = new UuidV7(InstantSource.fixed(T0), new Random(1));
        UUID a = generator.next();
        UUID b = generator.next();
        assertEquals(T0, UuidV7.timestamp(a));
        assertEquals(T0, UuidV7.timestamp(b));
        assertEquals((a.getMostSignificantBits() & 0xfff) + 1, b.getMostSignificantBits() & 0xfff);
    }

    @Test
    void orderFollowsTheClockAndSurvivesItSteppingBack() {
        ManualClock clock = new ManualClock(T0);
        UuidV7 generator = new UuidV7(clock);
        UUID first = generator.next();
        clock.now = T0.plusMillis(5);
        UUID later = generator.next();
        assertTrue(before(first, later));
        assertEquals(T0.plusMillis(5), UuidV7.timestamp(later));
        clock.now = T0.minus(Duration.ofSeconds(2));
        UUID afterStepBack = generator.next();
        assertTrue(before(later, afterStepBack));
        assertEquals(T0.plusMillis(5), UuidV7.timestamp(afterStepBack));
    }
}
