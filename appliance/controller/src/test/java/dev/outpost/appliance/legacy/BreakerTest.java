package dev.outpost.appliance.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.appliance.legacy.Breaker.State;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The breaker's state machine on a ticker the test moves. */
class BreakerTest {
    private final AtomicLong nanos = new AtomicLong(1_000);
    private final Breaker breaker = new Breaker(3, Duration.ofSeconds(10), nanos::get);

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            assertTrue(breaker.tryAcquire(), "call " + i + " refused in " + breaker.state());
            breaker.failure("timeout " + i);
        }
    }

    @Test
    void opensAfterTheThresholdOfFailuresInARowAndNotBefore() {
        fail(2);
        assertEquals(State.CLOSED, breaker.state());
        fail(1);
        assertEquals(State.OPEN, breaker.state());
        assertFalse(breaker.tryAcquire());
        Breaker.View view = breaker.view();
        assertEquals(3, view.failuresInARow());
        assertEquals(1, view.opened());
        assertEquals(10_000L, view.retryInMs());
        assertEquals("timeout 0", view.lastError(), "the last failure's reason");
    }

    @Test
    void aSuccessInBetweenStartsTheCountAgain() {
        fail(2);
        assertTrue(breaker.tryAcquire());
        breaker.success();
        assertNull(breaker.view().lastError());
        fail(2);
        assertEquals(State.CLOSED, breaker.state());
    }

    @Test
    void staysOpenForTheCoolDownThenLetsExactlyOneProbeThrough() {
        fail(3);
        advance(Duration.ofMillis(9_999));
        assertFalse(breaker.tryAcquire(), "refused 1 ms before the cool-down ends");
        assertEquals(Duration.ofMillis(1), breaker.retryIn());
        advance(Duration.ofMillis(1));
        assertTrue(breaker.tryAcquire(), "the probe");
        assertEquals(State.HALF_OPEN, breaker.state());
        assertFalse(breaker.tryAcquire(), "a second call while the probe is out");
        assertEquals(Duration.ZERO, breaker.retryIn());
        breaker.success();
        assertEquals(State.CLOSED, breaker.state());
        assertTrue(breaker.tryAcquire());
        assertEquals(0, breaker.view().failuresInARow());
    }

    @Test
    void aFailedProbeOpensItForAnotherFullCoolDown() {
        fail(3);
        advance(Duration.ofSeconds(10));
        assertTrue(breaker.tryAcquire());
        advance(Duration.ofSeconds(4));
        breaker.failure("probe timed out");
        assertEquals(State.OPEN, breaker.state());
        assertEquals(2, breaker.view().opened());
        advance(Duration.ofMillis(9_999));
        assertFalse(breaker.tryAcquire(), "the cool-down counts from the failed probe");
        advance(Duration.ofMillis(1));
        assertTrue(breaker.tryAcquire());
    }

    @Test
    void refusesNonsenseSettingsNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Breaker(0, Duration.ofSeconds(1), nanos::get));
        assertEquals("legacy breaker: failures must be at least 1, was 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Breaker(1, Duration.ZERO, nanos::get));
    }

    /** Against a model of the rules, for seeded random sequences of calls, answers and time. */
    @Test
    void followsTheModelThroughSeededRandomRuns() {
        for (long seed = 1; seed <= 200; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            AtomicLong now = new AtomicLong();
            int threshold = 1 + random.nextInt(4);
            long coolDown = 1 + random.nextInt(100);
            Breaker b = new Breaker(threshold, Duration.ofNanos(coolDown), now::get);
            State model = State.CLOSED;
            int inARow = 0;
            long openedAt = 0;
            boolean out = false;
            for (int step = 0; step < 300; step++) {
                String where = "seed " + seed + " step " + step;
                switch (random.nextInt(3)) {
                    case 0 -> now.addAndGet(random.nextInt(60));
                    case 1 -> {
                        boolean expected = switch (model) {
                            case CLOSED -> true;
                            case OPEN -> now.get() - openedAt >= coolDown;
                            case HALF_OPEN -> !out;
                        };
                        assertEquals(expected, b.tryAcquire(), where);
                        if (expected && model == State.OPEN) {
                            model = State.HALF_OPEN;
                        }
                        if (expected && model == State.HALF_OPEN) {
                            out = true;
                        }
                    }
                    default -> {
                        if (random.nextBoolean()) {
                            b.success();
                            model = State.CLOSED;
                            inARow = 0;
                        } else {
                            b.failure("x");
                            inARow++;
                            if (model == State.HALF_OPEN || (model == State.CLOSED && inARow >= threshold)) {
                                model = State.OPEN;
                                openedAt = now.get();
                            }
                        }
                        out = false;
                    }
                }
                assertEquals(model, b.state(), where);
                assertEquals(inARow, b.view().failuresInARow(), where);
            }
        }
    }
}
