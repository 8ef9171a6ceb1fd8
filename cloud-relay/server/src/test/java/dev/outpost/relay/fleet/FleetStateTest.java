package dev.outpost.relay.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.heartbeat.DeviceStatus;
import dev.outpost.api.heartbeat.Heartbeat;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FleetStateTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-21T12:00:00Z"));
    private final InstantSource clock = () -> now.get();
    private final FleetState fleet = new FleetState(clock, Duration.ofSeconds(90));

    private Heartbeat heartbeat(String site, Instant siteClock) {
        return new Heartbeat(site, siteClock, "1.0", List.of(new DeviceStatus("board-1", "board", "1.0", "RUNNING", siteClock)),
                List.of(), 0L);
    }

    @Test
    void ageIsMeasuredOnTheRelaysClockNotTheSites() {
        // a site whose clock runs a day ahead must still age on the relay's clock
        fleet.record(heartbeat("store-1", now.get().plus(Duration.ofDays(1))));
        now.set(now.get().plusSeconds(91));
        SiteFreshness site = fleet.freshness().sites().get(0);
        assertEquals(91, site.ageSeconds());
        assertTrue(site.stale());
        assertEquals(Instant.parse("2026-11-22T12:00:00Z"), site.siteClock());
    }

    @Test
    void aNewHeartbeatReplacesTheOldAndSitesAreSorted() {
        fleet.record(heartbeat("store-2", now.get()));
        fleet.record(heartbeat("store-1", now.get()));
        now.set(now.get().plusSeconds(10));
        fleet.record(heartbeat("store-2", now.get()));
        List<SiteFreshness> sites = fleet.freshness().sites();
        assertEquals(List.of("store-1", "store-2"), sites.stream().map(SiteFreshness::siteId).toList());
        assertEquals(10, sites.get(0).ageSeconds());
        assertEquals(0, sites.get(1).ageSeconds());
        assertFalse(sites.get(1).stale());
    }
}
