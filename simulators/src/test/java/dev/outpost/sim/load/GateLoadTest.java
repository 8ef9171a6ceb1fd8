package dev.outpost.sim.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.gate.admission.GateState;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate benchmark times what it says: every admission, every exit, and the hub-down phase really without a hub. */
class GateLoadTest {

    @Test
    void everyPassageIsTimedAndWithTheHubSilentEachExitLetsOneIn(@TempDir Path dir) {
        GateLoad.Report r = GateLoad.run(dir, 100);
        assertEquals(100, r.admits().count());
        assertEquals(50, r.exits().count());
        assertEquals(GateState.DEGRADED, r.stateHubDown());
        assertEquals(100, r.exitsHubDown().count());
        assertEquals(100, r.admitsHubDown().count(), "one admission per exit once the lease is spent");
        assertTrue(r.admits().percentileMillis(50) > 0);
    }
}
