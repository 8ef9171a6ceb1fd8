package dev.outpost.hil.fire;

import dev.outpost.api.event.UuidV7;
import dev.outpost.gate.admission.Gate;
import dev.outpost.gate.admission.GateOutputs;
import dev.outpost.gate.admission.GateSettings;
import dev.outpost.gate.admission.GateState;
import dev.outpost.gate.journal.SqliteJournal;
import dev.outpost.hal.turnstile.ModbusTurnstile;
import dev.outpost.hal.turnstile.PassageCounters;
import dev.outpost.hal.turnstile.TurnstileListener;
import dev.outpost.hal.turnstile.TurnstileStatus;
import dev.outpost.hil.Verdict;
import dev.outpost.hil.Waits;
import dev.outpost.hil.bench.FireLoop;
import dev.outpost.site.message.DecisionSource;
import dev.outpost.site.message.GateLeaseAsk;
import dev.outpost.site.message.GateLeaseGrant;
import dev.outpost.site.message.MallStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The fire-loop fail-safe through the gate controller's own decisions ({@link Gate}) driving the turnstile through
 * its Modbus driver, as the gate controller does, with a stand-in hub that grants every ask: the gate admits; the
 * fire loop is opened and the gate must go {@code FIRE_OPEN}, holding entry and exit open (coils 0 and 1, the
 * module acknowledging the write) and admitting nobody; the loop is closed and the gate must end the hold but keep
 * admissions suspended (the count is UNKNOWN after a fire) for a while of ticks, until an operator's recount reaches
 * it; then it admits again.
 */
public final class FireLoopCheck implements AutoCloseable {
    private static final String GATE = "hil-gate";
    private static final long TICK_MS = 20;
    /** Ticks of the gate it must stay shut after the loop closed, before the recount is sent. */
    private static final int SHUT_TICKS = 25;

    private final ModbusTurnstile turnstile;
    private final SqliteJournal journal;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(
            task -> Thread.ofPlatform().daemon().name("hil-gate").unstarted(task));
    private final Gate gate;
    private final AtomicInteger unlocks = new AtomicInteger();
    private final AtomicReference<Boolean> held = new AtomicReference<>(false);
    private final AtomicReference<String> commandFailure = new AtomicReference<>();
    private final AtomicLong ticks = new AtomicLong();
    private final InstantSource clock;
    private volatile GateState state;
    private volatile TurnstileStatus status;

    private FireLoopCheck(ModbusTurnstile turnstile, Path journalDir, InstantSource clock) {
        this.turnstile = turnstile;
        this.clock = clock;
        this.journal = SqliteJournal.open(journalDir, "hil", GATE, clock);
        this.gate = new Gate(GATE, GateSettings.defaults(), journal, new Outputs(), new UuidV7(clock)::next);
    }

    /** Runs against {@code turnstile} (closed at the end, after the gate's loop), opening and closing {@code fire}. */
    public static Verdict run(ModbusTurnstile turnstile, FireLoop fire, Path journalDir, Duration actionDeadline,
                              InstantSource clock) {
        try (turnstile; FireLoopCheck check = new FireLoopCheck(turnstile, journalDir, clock)) {
            return check.run(fire, actionDeadline);
        }
    }

    private Verdict run(FireLoop fire, Duration deadline) {
        if (!start(deadline)) {
            return fail("before the fire: the gate did not admit within " + Waits.format(deadline) + " (state " + state
                    + ", turnstile " + status + ")");
        }
        fire.open();
        boolean loopOpen = true;
        try {
            long opened = System.nanoTime();
            if (Waits.until(deadline, () -> state == GateState.FIRE_OPEN && held.get()).isEmpty()) {
                return fail("fire loop opened: the gate did not go FIRE_OPEN with entry and exit held open within "
                        + Waits.format(deadline) + " (state " + state + ", hold open " + held.get() + ", turnstile "
                        + status + ")");
            }
            Duration toRelease = Duration.ofNanos(System.nanoTime() - opened);
            int unlocksInFire = unlocks.get();
            fire.close();
            loopOpen = false;
            return afterFire(deadline, unlocksInFire, toRelease);
        } finally {
            if (loopOpen) {
                fire.close();
            }
        }
    }

    /** The gate admits, with the loop closed and a hub granting rights. */
    private boolean start(Duration deadline) {
        on(() -> {
            Optional<PassageCounters> counters = turnstile.counters();
            turnstile.listen(new FromTurnstile());
            status = turnstile.status();
            gate.start(now(), counters, status);
            gate.mallStatus(mall(0, 1), now());
            return null;
        });
        loop.scheduleWithFixedDelay(() -> {
            gate.tick(now());
            state = gate.state();
            ticks.incrementAndGet();
        }, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        return Waits.until(deadline, () -> unlocks.get() > 0).isPresent();
    }

    /** The loop was closed again: the hold ends, entries wait for a recount, then resume. */
    private Verdict afterFire(Duration deadline, int unlocksInFire, Duration toRelease) {
        if (Waits.until(deadline, () -> !status.fireAlarm() && state == GateState.PESSIMISTIC_REJECT && !held.get())
                .isEmpty()) {
            return fail("fire loop closed: the gate did not end the hold and wait for a recount within "
                    + Waits.format(deadline) + " (state " + state + ", hold open " + held.get() + ", turnstile " + status
                    + ")");
        }
        long closedAt = ticks.get();
        Waits.until(deadline, () -> ticks.get() >= closedAt + SHUT_TICKS);
        if (unlocks.get() != unlocksInFire || state != GateState.PESSIMISTIC_REJECT) {
            return fail("fire loop closed: the gate admitted again without a recount (state " + state + ", "
                    + (unlocks.get() - unlocksInFire) + " unlocks)");
        }

        on(() -> {
            gate.mallStatus(mall(1, 2), now());
            return null;
        });
        if (Waits.until(deadline, () -> unlocks.get() > unlocksInFire).isEmpty()) {
            return fail("after the recount the gate did not admit again within " + Waits.format(deadline) + " (state "
                    + state + ")");
        }
        return Verdict.pass("fire loop opened: gate FIRE_OPEN, entry and exit held open (the module acknowledged coils 0 "
                + "and 1) after " + Waits.format(toRelease)
                + "; no entry unlocked during the fire; loop closed: hold ended, admissions suspended for "
                + SHUT_TICKS + " ticks of the gate until an operator recount, then admitting again");
    }

    private Verdict fail(String message) {
        String failure = commandFailure.get();
        return Verdict.fail(message + (failure == null ? "" : "; last turnstile command failure: " + failure));
    }

    private MallStatus mall(long recounts, long epoch) {
        return new MallStatus("hil-mall", MallStatus.Mode.NORMAL, true, recounts, 100, epoch, clock.instant());
    }

    private long now() {
        return System.nanoTime();
    }

    private void post(Runnable task) {
        try {
            loop.execute(() -> {
                task.run();
                state = gate.state();
            });
        } catch (RejectedExecutionException e) {
            // the check is over: the turnstile's last reports are of no use
        }
    }

    private void on(Callable<Void> task) {
        try {
            loop.submit(() -> {
                task.call();
                state = gate.state();
                return null;
            }).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("fire check: the gate's loop did not answer: " + e, e);
        }
    }

    @Override
    public void close() {
        loop.shutdownNow();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        journal.close();
    }

    private final class FromTurnstile implements TurnstileListener {
        @Override
        public void entryPassed(int count) {
            post(() -> gate.entryPassed(count, now()));
        }

        @Override
        public void exitPassed(int count) {
            post(() -> gate.exitPassed(count));
        }

        @Override
        public void statusChanged(TurnstileStatus changed) {
            post(() -> {
                status = changed;
                gate.turnstileStatus(changed, now());
            });
        }
    }

    /** The gate's outputs: the turnstile's driver, and a hub that grants five rights to every ask. */
    private final class Outputs implements GateOutputs {
        @Override
        public void unlockEntry() {
            if (command(turnstile::unlockEntry)) {
                unlocks.incrementAndGet();
            }
        }

        @Override
        public void holdOpen(boolean open) {
            if (command(() -> turnstile.holdOpen(open))) {
                held.set(open);
            }
        }

        @Override
        public void fullLamp(boolean on) {
            command(() -> turnstile.fullLamp(on));
        }

        @Override
        public void send(GateLeaseAsk ask) {
            post(() -> gate.grant(new GateLeaseGrant(ask.askId(), ask.leaseId(), true, 5, 0, 60_000,
                    DecisionSource.GATE_LEASE, "hil bench"), now()));
        }

        private boolean command(Runnable command) {
            try {
                command.run();
                return true;
            } catch (RuntimeException e) {
                commandFailure.set(e.getMessage());
                return false;
            }
        }
    }
}
