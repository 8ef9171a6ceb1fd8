package dev.outpost.relay.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.heartbeat.DeviceStatus;
import dev.outpost.api.heartbeat.Heartbeat;
import dev.outpost.relay.store.Store;
import dev.outpost.relay.testing.TestStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fleet state over the store of this run (SQLite, or PostgreSQL in the postgres run). */
@Tag("integration")
class FleetStateIT {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-21T12:00:00Z"));
    private final InstantSource clock = () -> now.get();
    @TempDir
    Path dir;
    private Store store;
    private FleetState fleet;

    @BeforeEach
    void open() {
        store = Store.open(TestStores.fresh(dir));
        fleet = new FleetState(store, clock, Duration.ofSeconds(90));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Heartbeat heartbeat(String site, Instant siteClock) {
        return new Heartbeat(site, siteClock, "1.0", List.of(new DeviceStatus("board-1", "board", "1.0", "RUNNING", siteClock)),
                List.of("clock-skew"), 42L);
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

    @Test
    void theHeartbeatIsKeptWholeAsReceived() {
        Instant received = Instant.parse("2026-11-21T12:00:00.123456Z");
        now.set(received);
        fleet.record(heartbeat("store-1", received.minusSeconds(3)));
        SiteFreshness site = fleet.freshness().sites().get(0);
        assertEquals(received, site.lastHeartbeat());
        assertEquals(List.of("clock-skew"), site.anomalies());
        assertEquals(42L, site.cacheBytes());
        assertEquals("board-1", site.devices().get(0).deviceId());
        assertEquals("1.0", site.applianceVersion());
    }

    @Test
    void anOlderReceptionNeverOverwritesANewerOne() {
        // two relays whose clocks differ slightly: the one that received later wins, whichever writes last
        FleetState behind = new FleetState(store, () -> now.get().minusSeconds(5), Duration.ofSeconds(90));
        fleet.record(heartbeat("store-1", now.get()));
        behind.record(new Heartbeat("store-1", now.get(), "0.9", List.of(), List.of(), 0L));
        assertEquals("1.0", fleet.freshness().sites().get(0).applianceVersion());
    }

    @Test
    void aFleetStateOverTheSameStoreSeesTheSameSites() {
        // state lives in the store, not in the object: a second relay's FleetState reads what the first recorded
        fleet.record(heartbeat("store-1", now.get()));
        FleetState other = new FleetState(store, clock, Duration.ofSeconds(90));
        assertEquals(List.of("store-1"), other.freshness().sites().stream().map(SiteFreshness::siteId).toList());
    }
}
