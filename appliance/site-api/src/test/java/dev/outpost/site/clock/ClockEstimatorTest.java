package dev.outpost.site.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Simulated exchanges against a known true offset. Appliance time is true time; the device clock reads true time
 * minus {@code offset}. Delays are a fixed base plus, per direction, independent queueing that only ever adds.
 */
class ClockEstimatorTest {

    private static final Instant EPOCH = Instant.parse("2027-01-01T00:00:00Z");

    private record Exchange(ClockSample sample, long forwardNanos, long backwardNanos) {
    }

    /** One exchange starting at true time {@code startNanos}. */
    private static Exchange exchange(long startNanos, long offsetNanos, long forward, long backward, long processing) {
        Instant t1 = EPOCH.plusNanos(startNanos - offsetNanos);
        Instant t2 = EPOCH.plusNanos(startNanos + forward);
        Instant t3 = t2.plusNanos(processing);
        Instant t4 = EPOCH.plusNanos(startNanos + forward + processing + backward - offsetNanos);
        return new Exchange(new ClockSample(t1, t2, t3, t4), forward, backward);
    }

    @Test
    void theFormulaIsExactForSymmetricDelaysAndOffByHalfTheAsymmetryOtherwise() {
        long offset = Duration.ofSeconds(-37).toNanos();
        ClockSample symmetric = exchange(0, offset, 2_000_000, 2_000_000, 500_000).sample();
        assertEquals(Duration.ofNanos(offset), symmetric.offset());
        assertEquals(Duration.ofMillis(4), symmetric.roundTrip());
        ClockSample asymmetric = exchange(0, offset, 5_000_000, 1_000_000, 0).sample();
        assertEquals(Duration.ofNanos(offset + 2_000_000), asymmetric.offset());
    }

    @Test
    void minRoundTripEstimateStaysWithinHalfTheAsymmetryOfItsSample() {
        Random random = new Random(20_270_301L);
        for (int trial = 0; trial < 200; trial++) {
            long offset = (long) (random.nextGaussian() * 5e9);
            ClockEstimator estimator = new ClockEstimator(8);
            List<Exchange> exchanges = new ArrayList<>();
            long start = 0;
            for (int i = 0; i < 8; i++) {
                long base = 300_000 + random.nextInt(200_000);
                long asymmetry = random.nextInt(400_000);
                long forward = base + asymmetry + (long) (random.nextDouble() * 3_000_000);
                long backward = base + (long) (random.nextDouble() * 3_000_000);
                Exchange e = exchange(start, offset, forward, backward, random.nextInt(100_000));
                exchanges.add(e);
                estimator.add(e.sample());
                start += 1_000_000_000L;
            }
            ClockSample best = estimator.best().orElseThrow();
            Exchange chosen = exchanges.stream().filter(e -> e.sample() == best).findFirst().orElseThrow();
            long error = Math.abs(best.offset().toNanos() - offset);
            assertTrue(error <= Math.abs(chosen.forwardNanos() - chosen.backwardNanos()) / 2 + 1,
                    "trial " + trial + ": error " + error + " ns");
            assertTrue(error <= best.roundTrip().toNanos() / 2, "trial " + trial);
            long minRoundTrip = exchanges.stream().mapToLong(e -> e.sample().roundTrip().toNanos()).min().orElseThrow();
            assertEquals(minRoundTrip, best.roundTrip().toNanos());
        }
    }

    @Test
    void minRoundTripBeatsTheNaiveAverageUnderOneSidedQueueing() {
        Random random = new Random(42);
        double minFilterError = 0;
        double averageError = 0;
        int minFilterWins = 0;
        int trials = 500;
        for (int trial = 0; trial < trials; trial++) {
            long offset = (long) (random.nextGaussian() * 2e9);
            ClockEstimator estimator = new ClockEstimator(8);
            long sum = 0;
            for (int i = 0; i < 8; i++) {
                // uplink congestion: a device's requests queue behind its blob downloads' ACKs more than replies do
                long forward = 500_000 + (long) (-Math.log(1 - random.nextDouble()) * 8_000_000);
                long backward = 500_000 + (long) (-Math.log(1 - random.nextDouble()) * 1_000_000);
                ClockSample s = exchange(i * 1_000_000_000L, offset, forward, backward, 50_000).sample();
                estimator.add(s);
                sum += s.offset().toNanos();
            }
            long filterError = Math.abs(estimator.best().orElseThrow().offset().toNanos() - offset);
            long naiveError = Math.abs(sum / 8 - offset);
            minFilterError += filterError;
            averageError += naiveError;
            if (filterError <= naiveError) {
                minFilterWins++;
            }
        }
        minFilterError /= trials;
        averageError /= trials;
        assertTrue(minFilterError * 2 < averageError,
                "mean error: min-RTT " + minFilterError + " ns, average " + averageError + " ns");
        assertTrue(minFilterWins > trials * 0.8, "min-RTT won " + minFilterWins + " of " + trials);
    }

    @Test
    void keepsOnlyTheLastWindowOfSamples() {
        ClockEstimator estimator = new ClockEstimator(3);
        estimator.add(exchange(0, 0, 100, 100, 0).sample());
        for (int i = 1; i <= 3; i++) {
            estimator.add(exchange(i, 7_000, 1_000_000, 1_000_000, 0).sample());
        }
        assertEquals(3, estimator.size());
        assertEquals(Duration.ofNanos(7_000), estimator.best().orElseThrow().offset(),
                "the fast old sample has left the window");
    }

    @Test
    void impossibleSamplesAreRejected() {
        Instant t = EPOCH;
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new ClockSample(t, t.plusMillis(1), t.plusMillis(10), t.plusMillis(5))).getMessage()
                .startsWith("clock sample: round trip PT-0.004S is negative"));
        assertThrows(IllegalArgumentException.class, () -> new ClockSample(t, t.plusMillis(2), t.plusMillis(1), t));
        assertThrows(IllegalArgumentException.class, () -> new ClockEstimator(0));
    }
}
