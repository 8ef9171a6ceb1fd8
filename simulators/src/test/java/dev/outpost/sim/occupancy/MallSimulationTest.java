package dev.outpost.sim.occupancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The occupancy safety properties over ten thousand seeded scenarios (see {@link MallSimulation}). A failure names
 * its seed; {@code new MallSimulation(seed).run()} replays it exactly.
 */
class MallSimulationTest {
    static final int SCENARIOS = Integer.getInteger("outpost.sim.scenarios", 10_000);

    @Test
    void neverOverCapacityNoExitWaitsAndTheBooksBalanceOnceQuiet() {
        List<MallSimulation.Outcome> outcomes = LongStream.rangeClosed(1, SCENARIOS).parallel()
                .mapToObj(seed -> new MallSimulation(seed).run()).toList();
        List<String> failures = outcomes.stream().flatMap(o -> o.failure().stream()).limit(10).toList();
        assertTrue(failures.isEmpty(), () -> failures.size() + "+ scenarios failed; first ones:\n" + String.join("\n", failures));
        long admitted = outcomes.stream().mapToLong(MallSimulation.Outcome::admitted).sum();
        long full = outcomes.stream().filter(o -> o.maxInside() >= o.capacity() * 9 / 10).count();
        // the scenarios must exercise the limit, or the property proves nothing
        assertTrue(full > SCENARIOS / 20, "only " + full + " scenarios came near their capacity");
        assertTrue(admitted > SCENARIOS * 50L, "only " + admitted + " admissions in all scenarios");
    }

    @Test
    void aSeedReplaysExactly() {
        for (long seed : new long[] {7, 4242, 90_001}) {
            assertEquals(new MallSimulation(seed).run(), new MallSimulation(seed).run());
        }
    }
}
