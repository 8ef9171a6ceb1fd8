package dev.outpost.api.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The watchdog's decisions, without systemd: when it is on, how often it pings, and that it pings only when healthy. */
class WatchdogTest {
    private static final long PID = 4242;

    @Test
    void withoutNotifySocketItIsOffAndSendsNothing() {
        Watchdog.Plan plan = Watchdog.Plan.from(Map.of("WATCHDOG_USEC", "30000000"), PID);
        assertEquals(Watchdog.Plan.OFF, plan);

        Recorder recorder = new Recorder();
        Watchdog watchdog = new Watchdog("relay", plan, recorder, recorder, Optional::empty);
        watchdog.ready();
        watchdog.tick();
        watchdog.stopping();
        watchdog.close();
        assertEquals(List.of(), recorder.sent);
        assertEquals(List.of(), recorder.periods);
    }

    @Test
    void itPingsAtHalfOfWatchdogUsec() {
        Watchdog.Plan plan = Watchdog.Plan.from(Map.of("NOTIFY_SOCKET", "/run/systemd/notify",
                "WATCHDOG_USEC", "30000000", "WATCHDOG_PID", Long.toString(PID)), PID);
        assertTrue(plan.enabled());
        assertEquals("/run/systemd/notify", plan.socket());
        assertEquals(Optional.of(Duration.ofSeconds(15)), plan.pingEvery());
    }

    @Test
    void withoutWatchdogUsecOrForAnotherPidItNotifiesButNeverPings() {
        Watchdog.Plan noWatchdog = Watchdog.Plan.from(Map.of("NOTIFY_SOCKET", "@/org/freedesktop/systemd1/notify"), PID);
        assertTrue(noWatchdog.enabled());
        assertEquals(Optional.empty(), noWatchdog.pingEvery());

        Watchdog.Plan otherPid = Watchdog.Plan.from(Map.of("NOTIFY_SOCKET", "/run/systemd/notify",
                "WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "1"), PID);
        assertEquals(Optional.empty(), otherPid.pingEvery());

        Watchdog.Plan garbled = Watchdog.Plan.from(Map.of("NOTIFY_SOCKET", "/run/systemd/notify",
                "WATCHDOG_USEC", "soon"), PID);
        assertEquals(Optional.empty(), garbled.pingEvery());

        Recorder recorder = new Recorder();
        Watchdog watchdog = new Watchdog("gate", noWatchdog, recorder, recorder, Optional::empty);
        watchdog.ready();
        assertEquals(List.of("READY=1", "STATUS=running"), recorder.sent);
        assertEquals(List.of(), recorder.periods);
    }

    @Test
    void itPingsOnlyWhileTheProcessSaysItIsNotWedged() {
        Watchdog.Plan plan = new Watchdog.Plan(true, "/run/systemd/notify", Optional.of(Duration.ofSeconds(15)));
        AtomicReference<Optional<String>> wedged = new AtomicReference<>(Optional.empty());
        Recorder recorder = new Recorder();
        Watchdog watchdog = new Watchdog("gate", plan, recorder, recorder, wedged::get);

        watchdog.ready();
        assertEquals(List.of(Duration.ofSeconds(15)), recorder.periods);
        assertEquals(List.of("READY=1", "STATUS=running"), recorder.drain());

        recorder.runTask();
        assertEquals(List.of("WATCHDOG=1"), recorder.drain());

        wedged.set(Optional.of("gate g-1: its loop did not answer within 2000 ms"));
        recorder.runTask();
        recorder.runTask();
        assertEquals(List.of("STATUS=wedged: gate g-1: its loop did not answer within 2000 ms"), recorder.drain());

        wedged.set(Optional.empty());
        recorder.runTask();
        assertEquals(List.of("WATCHDOG=1", "STATUS=running"), recorder.drain());
    }

    @Test
    void aCheckThatThrowsIsWedged() {
        Watchdog.Plan plan = new Watchdog.Plan(true, "/run/systemd/notify", Optional.of(Duration.ofSeconds(5)));
        Recorder recorder = new Recorder();
        Watchdog watchdog = new Watchdog("relay", plan, recorder, recorder, () -> {
            throw new IllegalStateException("store closed");
        });
        watchdog.ready();
        recorder.drain();
        recorder.runTask();
        List<String> sent = recorder.drain();
        assertFalse(sent.contains("WATCHDOG=1"));
        assertEquals(List.of("STATUS=wedged: its health check failed: java.lang.IllegalStateException: store closed"), sent);
    }

    @Test
    void stoppingEndsThePingsAndSaysSo() {
        Watchdog.Plan plan = new Watchdog.Plan(true, "/run/systemd/notify", Optional.of(Duration.ofSeconds(15)));
        Recorder recorder = new Recorder();
        Watchdog watchdog = new Watchdog("appliance", plan, recorder, recorder, Optional::empty);
        watchdog.ready();
        recorder.drain();

        watchdog.stopping();
        assertTrue(recorder.cancelled);
        recorder.runTask(); // a round already under way when it stopped
        assertEquals(List.of("STOPPING=1"), recorder.drain());
        watchdog.close();
        assertTrue(recorder.closed);
    }

    /** A notifier and a repeater that run nothing by themselves: the test turns the clock. */
    private static final class Recorder implements Watchdog.Notifier, Watchdog.Repeater {
        final List<String> sent = new ArrayList<>();
        final List<Duration> periods = new ArrayList<>();
        Runnable task;
        boolean cancelled;
        boolean closed;

        @Override
        public void send(String state) {
            sent.add(state);
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public AutoCloseable every(Duration period, Runnable task) {
            periods.add(period);
            this.task = task;
            return () -> cancelled = true;
        }

        void runTask() {
            task.run();
        }

        List<String> drain() {
            List<String> out = List.copyOf(sent);
            sent.clear();
            return out;
        }
    }
}
