package dev.outpost.sim.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.relay.occupancy.OccupancyView;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load harness works end to end at a tiny size; its figures are for BENCHMARKS.md, never asserted here. */
@Tag("integration")
class LoadCommandIT {
    @TempDir
    Path dir;

    @Test
    void ingestCountsEveryEventOnceAndEveryResentOneAsDuplicate() throws Exception {
        try (LoadTarget relay = LoadTarget.inProcess(dir, null, null, null, 4)) {
            IngestLoad.Report report = IngestLoad.run(relay, 2, 10, 4, 2, Duration.ofMinutes(1), 1);
            // 2 clients x 4 batches of 10, every 2nd batch sent twice
            assertEquals(12, report.requests());
            assertEquals(80, report.accepted());
            assertEquals(40, report.duplicate());
            assertEquals(0, report.rejected());
            assertFalse(report.timedOut());
        }
    }

    @Test
    void heartbeatsFromEverySiteReachTheFleet() throws Exception {
        try (LoadTarget relay = LoadTarget.inProcess(dir, null, null, null, 4)) {
            HeartbeatLoad.Report report = HeartbeatLoad.run(relay, 5, 2, 2, Duration.ofMinutes(1));
            assertEquals(10, report.requests());
            assertEquals(5, report.fleetSites());
            assertTrue(report.p99Millis() >= report.p50Millis());
        }
    }

    @Test
    void blocksAreGrantedAndLeaveTheLedgerConsistent() throws Exception {
        try (LoadTarget relay = LoadTarget.inProcess(dir, null, null, null, 4)) {
            BlocksLoad.Report report = BlocksLoad.run(relay, 3, 5, 1_000_000, Duration.ofSeconds(1), 1);
            assertTrue(report.cycles() > 0, "no cycle completed");
            assertEquals(0, report.refused(), "a capacity of 1,000,000 refused a block");
            assertEquals(3 * report.cycles(), report.requests(), "acquire, renew and release per cycle");
            assertLedgerConsistent(report);
        }
    }

    @Test
    void sitesContendingForATightCapacityAreRefusedAndTheLedgerStillAddsUp() throws Exception {
        try (LoadTarget relay = LoadTarget.inProcess(dir, null, null, null, 4)) {
            BlocksLoad.Report report = BlocksLoad.run(relay, 4, 5, 12, Duration.ofSeconds(1), 2);
            assertEquals(3 * report.cycles() + report.refused(), report.requests(), "a refused cycle is one request");
            assertLedgerConsistent(report);
        }
    }

    static void assertLedgerConsistent(BlocksLoad.Report report) {
        OccupancyView after = report.after();
        assertTrue(after.count() + after.leasedOut() <= after.capacity(), "count " + after.count() + " + leased out "
                + after.leasedOut() + " > capacity " + after.capacity());
        assertEquals(0, after.leasedOut(), "every block was released");
        assertEquals(report.inside(), after.count(), "the count is what the sites reported admitted minus exited");
        assertTrue(report.consistent());
        assertTrue(report.p99Millis() >= report.p50Millis());
    }

    @Test
    void outOfRangeOptionsAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LoadCommand.check("--batch", 1001, 1, 1000));
        assertEquals("load: --batch must be between 1 and 1000, was 1001", e.getMessage());
    }
}
