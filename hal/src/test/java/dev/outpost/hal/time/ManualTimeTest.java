package dev.outpost.hal.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManualTimeTest {

    @Test
    void wallAndMonotonicTimeMoveOnlyWhenAdvanced() {
        ManualTime time = ManualTime.at(Instant.parse("2026-03-01T10:00:00Z"));
        long start = time.nanos();
        assertEquals(Instant.parse("2026-03-01T10:00:00Z"), time.instant());
        assertEquals(start, time.nanos());

        time.advance(Duration.ofHours(72).plusNanos(5));

        assertEquals(Instant.parse("2026-03-04T10:00:00.000000005Z"), time.instant());
        assertEquals(Duration.ofHours(72).plusNanos(5).toNanos(), time.nanos() - start);
    }

    @Test
    void scheduledTasksRunInDueOrderWithTheClockAtTheirDueTime() {
        ManualTime time = ManualTime.create();
        List<String> ran = new CopyOnWriteArrayList<>();
        time.schedule(Duration.ofMillis(30), () -> ran.add("c@" + time.nanos()));
        time.schedule(Duration.ofMillis(10), () -> {
            ran.add("a@" + time.nanos());
            time.schedule(Duration.ofMillis(5), () -> ran.add("b@" + time.nanos()));
        });
        time.schedule(Duration.ofMillis(100), () -> ran.add("late"));

        time.advance(Duration.ofMillis(50));

        assertEquals(List.of("a@10000000", "b@15000000", "c@30000000"), ran);
        assertEquals(Duration.ofMillis(50).toNanos(), time.nanos());
        assertEquals(1, time.pendingTasks());
    }

    @Test
    void tasksDueAtTheSameTimeRunInTheOrderTheyWereScheduled() {
        ManualTime time = ManualTime.create();
        List<Integer> ran = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            time.schedule(Duration.ofMillis(1), () -> ran.add(n));
        }
        time.advance(Duration.ofMillis(1));
        assertEquals(List.of(0, 1, 2, 3, 4), ran);
    }

    @Test
    void advancingBackwardsIsRejected() {
        ManualTime time = ManualTime.create();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> time.advance(Duration.ofMillis(-1)));
        assertEquals("manual time: advance must not be negative, was PT-0.001S", e.getMessage());
    }

    @Test
    void concurrentAdvancesAddUp() throws InterruptedException {
        ManualTime time = ManualTime.create();
        int threads = 4;
        int steps = 1000;
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            Thread.ofPlatform().start(() -> {
                for (int i = 0; i < steps; i++) {
                    time.advance(Duration.ofNanos(1));
                }
                done.countDown();
            });
        }
        assertTrue(done.await(10, TimeUnit.SECONDS), "advancing threads did not finish within 10 s");
        assertEquals(threads * steps, time.nanos());
    }

    @Test
    void theSystemTickerIsMonotonic() {
        Ticker ticker = Ticker.system();
        long a = ticker.nanos();
        long b = ticker.nanos();
        assertTrue(b >= a);
    }

    @Test
    void theSystemSchedulerRunsATask() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        Scheduler.system().schedule(Duration.ofMillis(1), ran::countDown);
        assertTrue(ran.await(10, TimeUnit.SECONDS), "system scheduler did not run the task within 10 s");
    }
}
