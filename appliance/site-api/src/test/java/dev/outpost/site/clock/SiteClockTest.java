package dev.outpost.site.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SiteClockTest {

    private final AtomicLong ticker = new AtomicLong();
    private final Instant deviceNow = Instant.parse("2027-01-01T12:00:37Z");
    private final SiteClock clock = new SiteClock(InstantSource.fixed(deviceNow), ticker::get, 8, Duration.ofMinutes(10));

    @Test
    void beforeTheFirstSampleSiteTimeIsLocalTimeAndNotSynced() {
        assertEquals(Duration.ZERO, clock.offset());
        assertEquals(Optional.empty(), clock.roundTrip());
        assertEquals(deviceNow, clock.now());
        assertFalse(clock.isSynced());
        assertEquals(0, clock.sampleCount());
    }

    @Test
    void siteTimeIsLocalTimePlusTheBestSamplesOffset() {
        Instant t1 = deviceNow.minusMillis(10);
        // appliance is 37 s behind; 2 ms each way
        clock.record(new ClockSample(t1, t1.minusSeconds(37).plusMillis(2), t1.minusSeconds(37).plusMillis(3),
                t1.plusMillis(5)));
        clock.record(new ClockSample(t1, t1.minusSeconds(37).plusMillis(40), t1.minusSeconds(37).plusMillis(41),
                t1.plusMillis(45)));
        assertEquals(Duration.ofSeconds(-37), clock.offset());
        assertEquals(Optional.of(Duration.ofMillis(4)), clock.roundTrip());
        assertEquals(deviceNow.minusSeconds(37), clock.now());
        assertEquals(clock.now(), clock.instant());
        assertEquals(2, clock.sampleCount());
        assertTrue(clock.isSynced());
    }

    @Test
    void anEstimateOlderThanMaxAgeOnTheTickerIsNoLongerSynced() {
        Instant t = deviceNow;
        clock.record(new ClockSample(t, t.plusMillis(1), t.plusMillis(1), t.plusMillis(2)));
        ticker.addAndGet(Duration.ofMinutes(10).toNanos());
        assertTrue(clock.isSynced());
        ticker.incrementAndGet();
        assertFalse(clock.isSynced());
        assertEquals(Duration.ofNanos(0), clock.offset(), "the last estimate stays usable");
    }
}
