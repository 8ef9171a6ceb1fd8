package dev.outpost.site.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SiteSchedulerTest {
    static final Instant T = Instant.parse("2027-03-01T12:00:00Z");

    @Test
    void runsTasksInOrderOnceTheClockReachesThemAndNeverEarly() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(T);
        List<String> ran = new CopyOnWriteArrayList<>();
        try (SiteScheduler scheduler = SiteScheduler.start("test", now::get)) {
            scheduler.at(T.plusSeconds(2), () -> ran.add("b"));
            scheduler.at(T.plusSeconds(1), () -> ran.add("a"));
            SiteScheduler.Task cancelled = scheduler.at(T.plusSeconds(1), () -> ran.add("cancelled"));
            assertTrue(cancelled.cancel());
            CountDownLatch first = new CountDownLatch(1);
            scheduler.now(first::countDown);
            assertTrue(first.await(5, TimeUnit.SECONDS));
            assertEquals(List.of(), ran, "nothing before its instant");
            now.set(T.plusSeconds(5));
            CountDownLatch later = new CountDownLatch(1);
            scheduler.at(T.plusSeconds(3), later::countDown);
            assertTrue(later.await(5, TimeUnit.SECONDS));
            assertEquals(List.of("a", "b"), ran);
            assertFalse(cancelled.cancel());
        }
    }

    @Test
    void aFarOffTaskDoesNotKeepTheThreadBusyOrBlockANearerOne() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(T);
        try (SiteScheduler scheduler = SiteScheduler.start("test", now::get, Duration.ofMillis(1))) {
            scheduler.at(Instant.MAX, () -> { });
            CountDownLatch turned = new CountDownLatch(1);
            scheduler.now(turned::countDown); // after this the thread faces Instant.MAX alone (it once overflowed and died)
            assertTrue(turned.await(5, TimeUnit.SECONDS));
            CountDownLatch near = new CountDownLatch(1);
            scheduler.at(T.plusMillis(1), near::countDown);
            now.set(T.plusMillis(1));
            assertTrue(near.await(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void anIdleSchedulerSleepsUntilSomethingIsScheduledAndAFarDeadlineIsStillMetWhenTheClockJumps() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-21T12:00:00Z"));
        try (SiteScheduler scheduler = SiteScheduler.start("test", now::get)) {
            CountDownLatch ran = new CountDownLatch(1);
            scheduler.at(now.get().plus(Duration.ofHours(1)), ran::countDown);
            assertFalse(ran.await(300, TimeUnit.MILLISECONDS), "an hour away");
            now.set(now.get().plus(Duration.ofHours(1))); // the site clock (or a test) moves: the task runs soon after
            assertTrue(ran.await(2, TimeUnit.SECONDS), "ran within a far recheck of the clock reaching it");
        }
    }
}
