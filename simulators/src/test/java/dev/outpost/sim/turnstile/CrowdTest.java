package dev.outpost.sim.turnstile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.hal.time.ManualTime;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The crowd model on modules whose time the test moves: who queues, who passes, who leaves, and the truth of it. */
class CrowdTest {
    private static final Duration STEP = Duration.ofMillis(50);

    private final ManualTime time = ManualTime.create();
    private final List<TurnstileModule> gates = List.of(TurnstileModule.on(time, 1), TurnstileModule.on(time, 2));

    private static Crowd.Settings settings(double rate, double tailgateRate, long seed) {
        return new Crowd.Settings(List.of(rate, rate), Duration.ofSeconds(20), tailgateRate, 5, seed);
    }

    private void run(Crowd crowd, Duration total) {
        for (long t = 0; t < total.toNanos(); t += STEP.toNanos()) {
            time.advance(STEP);
            crowd.step(STEP);
        }
    }

    private long counted(boolean entries) {
        return gates.stream().mapToLong(g -> entries ? g.counters().entries() : g.counters().exits()).sum();
    }

    @Test
    void nobodyPassesALockedEntryAndTheQueueTurnsNewcomersAway() {
        Crowd crowd = new Crowd(gates, settings(2, 0, 1));
        run(crowd, Duration.ofSeconds(30));
        Crowd.Truth truth = crowd.truth();
        assertEquals(0, truth.entered());
        assertEquals(0, counted(true));
        assertEquals(10, truth.waiting(), "both queues full");
        assertTrue(truth.turnedAway() > 80, truth.toString());
    }

    @Test
    void peoplePassOpenEntriesLeaveByAnyGateAndTheTruthMatchesTheCounters() {
        gates.forEach(g -> g.manualRelease(true));
        Crowd crowd = new Crowd(gates, settings(1, 0, 2));
        run(crowd, Duration.ofSeconds(60));
        Crowd.Truth truth = crowd.truth();
        assertTrue(truth.entered() > 80 && truth.exited() > 20, truth.toString());
        assertEquals(truth.entered(), counted(true));
        assertEquals(truth.exited(), counted(false));
        assertEquals(truth.entered() - truth.exited(), truth.inside());
        assertTrue(gates.stream().allMatch(g -> g.counters().exits() > 0), "exits at every gate");

        crowd.stopArrivals();
        run(crowd, Duration.ofMinutes(10));
        Crowd.Truth after = crowd.truth();
        assertEquals(0, after.inside(), "everyone left: " + after);
        assertEquals(0, after.waiting());
        assertEquals(truth.entered(), after.entered(), "nobody came after arrivals stopped");
        assertTrue(after.maxInside() >= truth.inside(), after.toString());
    }

    @Test
    void tailgatersAreInsideButNotCounted() {
        gates.forEach(g -> g.manualRelease(true));
        Crowd crowd = new Crowd(gates, settings(5, 0.5, 3));
        run(crowd, Duration.ofSeconds(20));
        Crowd.Truth truth = crowd.truth();
        assertTrue(truth.tailgated() > 10, truth.toString());
        assertEquals(truth.tailgated(), gates.stream().mapToLong(TurnstileModule::uncountedEntries).sum());
        assertEquals(truth.entered(), counted(true));
        assertEquals(truth.entered() + truth.tailgated() - truth.exited(), truth.inside());
    }

    @Test
    void theSameSeedWalksTheSameCrowd() {
        List<TurnstileModule> others = List.of(TurnstileModule.on(time, 1), TurnstileModule.on(time, 2));
        gates.forEach(g -> g.manualRelease(true));
        others.forEach(g -> g.manualRelease(true));
        Crowd one = new Crowd(gates, settings(3, 0.1, 42));
        Crowd two = new Crowd(others, settings(3, 0.1, 42));
        for (int i = 0; i < 400; i++) {
            time.advance(STEP);
            one.step(STEP);
            two.step(STEP);
        }
        assertEquals(one.truth(), two.truth());
    }

    @Test
    void badSettingsAreRefusedWithTheirReason() {
        IllegalArgumentException rates = assertThrows(IllegalArgumentException.class, () -> new Crowd(gates,
                new Crowd.Settings(List.of(1.0), Duration.ofSeconds(1), 0, 5, 1)));
        assertEquals("crowd: one arrival rate per gate: 2 gates, 1 rates", rates.getMessage());
        IllegalArgumentException tailgate = assertThrows(IllegalArgumentException.class,
                () -> settings(1, 1.5, 1));
        assertEquals("crowd: the tailgating rate must be between 0 and 1, was 1.5", tailgate.getMessage());
    }
}
