package dev.outpost.appliance.menu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TierTest {
    static final Instant ACCEPTED = Instant.parse("2026-03-02T11:00:00Z");
    static final Duration STALE = Duration.ofHours(24);
    static final Duration EXPIRED = Duration.ofHours(72);

    private static Tier at(Duration age) {
        return Tier.of(ACCEPTED, ACCEPTED.plus(age), STALE, EXPIRED);
    }

    @Test
    void freshUpTo24HoursStaleUpTo72ExpiredBeyond() {
        assertEquals(Tier.FRESH, at(Duration.ZERO));
        assertEquals(Tier.FRESH, at(STALE));
        assertEquals(Tier.STALE, at(STALE.plusMillis(1)));
        assertEquals(Tier.STALE, at(EXPIRED));
        assertEquals(Tier.EXPIRED, at(EXPIRED.plusMillis(1)));
        assertEquals(Tier.EXPIRED, at(Duration.ofDays(30)));
    }

    @Test
    void theThresholdsAreConfigurable() {
        assertEquals(Tier.STALE, Tier.of(ACCEPTED, ACCEPTED.plus(Duration.ofHours(2)), Duration.ofHours(1), Duration.ofHours(3)));
        assertEquals(Tier.EXPIRED, Tier.of(ACCEPTED, ACCEPTED.plus(Duration.ofHours(4)), Duration.ofHours(1), Duration.ofHours(3)));
    }

    @Test
    void aSiteThatNeverAcceptedAManifestHasOnlyTheFailSafe() {
        assertEquals(Tier.EXPIRED, Tier.of(null, ACCEPTED, STALE, EXPIRED));
    }

    @Test
    void aClockThatWentBackIsStillFresh() {
        assertEquals(Tier.FRESH, at(Duration.ofHours(-1)));
    }
}
