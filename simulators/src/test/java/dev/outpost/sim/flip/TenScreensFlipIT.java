package dev.outpost.sim.flip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.outpost.sim.chain.ChainPlan;
import dev.outpost.sim.chain.ChainProbe;
import dev.outpost.sim.chain.LocalChain;
import dev.outpost.sim.chain.Ports;
import dev.outpost.sim.load.FlipsLoad;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flip over real processes on loopback: a relay, a store's appliance and ten display agents, each its own JVM.
 * HQ publishes a menu and plans it 20 s ahead through the relay's API; the manifest, the blob and PREPARE reach the
 * site; every screen commits at the instant, none on its own timer, and the appliance reports the flip's skew. The
 * skew's size is measured by {@code simulators load flips} (BENCHMARKS.md), not asserted here.
 */
@Tag("integration")
class TenScreensFlipIT {
    @TempDir
    Path dir;
    LocalChain chain;

    @AfterEach
    void stop() {
        if (chain != null) {
            chain.close();
        }
    }

    @Test
    void tenScreensInTheirOwnProcessesCommitAFlipPlannedTwentySecondsAheadTogether() throws Exception {
        ChainPlan plan = FlipsLoad.plan(10);
        chain = LocalChain.start(Path.of(System.getProperty("outpost.root")), dir, plan, new Ports(false),
                (site, gate) -> Map.of());
        ChainProbe probe = new ChainProbe(chain);
        probe.awaitRunning(Duration.ofMinutes(2));
        probe.awaitFleet(plan, Duration.ofMinutes(2), "RUNNING");

        List<FlipsLoad.Flip> flips = FlipsLoad.run(chain, 1, Duration.ofSeconds(5), InstantSource.system(),
                new PrintStream(OutputStream.nullOutputStream()));
        FlipsLoad.Flip flip = flips.getFirst();
        assertEquals("main/v1", flip.versionId());
        assertEquals("COMMITTED", flip.state(), flip.toString());
        assertEquals(10, flip.committed(), "every screen committed: " + flip);
        assertEquals(0, flip.autonomous(), "on the appliance's COMMIT, not their own grace timer: " + flip);
        assertNotNull(flip.skewMs(), "the skew is reported: " + flip);
    }
}
