package dev.outpost.sim.load;

import dev.outpost.api.event.UuidV7;
import dev.outpost.gate.admission.Gate;
import dev.outpost.gate.admission.GateOutputs;
import dev.outpost.gate.admission.GateSettings;
import dev.outpost.gate.admission.GateState;
import dev.outpost.gate.journal.SqliteJournal;
import dev.outpost.hal.turnstile.TurnstileStatus;
import dev.outpost.site.message.DecisionSource;
import dev.outpost.site.message.GateLeaseAsk;
import dev.outpost.site.message.GateLeaseGrant;
import dev.outpost.site.message.MallStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.Queue;
import java.util.function.BooleanSupplier;

/**
 * A gate's decisions timed on this machine: the real {@link Gate} on its real {@link SqliteJournal} (WAL,
 * {@code synchronous=FULL}: every entry is fsynced before the call returns), driven as the controller's loop drives it,
 * with the hub answering at once in the same thread (so no network is timed, only the gate and its disk). The gate's
 * own clock is virtual and moves a second per passage, as a turnstile passes about one person a second, so its timers
 * (asks, low water, hub silence) see realistic spacing; the latencies are real time.
 *
 * <p>An admission is decided when the previous person's passage comes in: the gate journals that entry, journals the
 * next right spent, and unlocks. The admit latency is from the passage being handed to the gate to the unlock command;
 * a person arriving at an unlocked turnstile waits for nothing. The exit latency is the exit passage handed to the gate
 * until it returns, journaled and credited. Then the hub falls silent (the relay and the hub out of reach): the gate
 * goes DEGRADED, exits are timed again, and admissions now come one per exit.
 */
final class GateLoad {
    private static final String SITE = "bench-site";
    private static final String GATE = "gate-1";
    private static final GateSettings SETTINGS = new GateSettings(20, 5, Duration.ofMillis(50), Duration.ofMillis(200),
            Duration.ofSeconds(3));

    record Report(Latencies admits, Latencies exits, Latencies exitsHubDown, Latencies admitsHubDown,
                  GateState stateHubDown) {
    }

    private final Queue<GateLeaseAsk> asks = new ArrayDeque<>();
    private long clock;
    private long unlockedAt;
    private boolean unlocked;
    private boolean hubAnswers = true;
    private Gate gate;

    private GateLoad() {
    }

    static Report run(Path dir, int people) {
        return new GateLoad().measure(dir, people);
    }

    private Report measure(Path dir, int people) {
        InstantSource wall = InstantSource.system();
        try (SqliteJournal journal = SqliteJournal.open(dir, SITE, GATE, wall)) {
            gate = new Gate(GATE, SETTINGS, journal, new Outputs(), new UuidV7(wall)::next);
            gate.start(now(), Optional.empty(), new TurnstileStatus(true, false, true, false, false));
            gate.mallStatus(new MallStatus("bench-mall", MallStatus.Mode.NORMAL, true, 0, 1_000_000, 1, wall.instant()),
                    now());
            until(() -> gate.armed(), "the first unlock");
            Latencies admits = new Latencies(people);
            Latencies exits = new Latencies(people / 2);
            for (int i = 0; i < people; i++) {
                long admit = enter();
                if (admit >= 0) { // else the lease ran dry: the next ask's answer unlocks (not a decision timed here)
                    admits.add(admit);
                }
                if (i % 2 == 1) {
                    exits.add(exit());
                }
                answer();
                until(() -> gate.armed(), "an unlock with the hub answering");
            }

            hubAnswers = false;
            asks.clear(); // what the gate asked last goes unanswered too
            until(() -> gate.state() == GateState.DEGRADED, "DEGRADED once the hub is silent");
            GateState degraded = gate.state();
            // spend what the lease had left; from then on, each exit gives back the one right the next person uses
            while (gate.armed()) {
                enter();
            }
            Latencies exitsDown = new Latencies(people);
            Latencies admitsDown = new Latencies(people);
            for (int i = 0; i < people; i++) {
                unlocked = false;
                long passedAt = System.nanoTime();
                gate.exitPassed(1);
                exitsDown.add(System.nanoTime() - passedAt);
                clock += Duration.ofMillis(50).toNanos();
                gate.tick(clock); // the controller's next tick puts the right to use
                if (unlocked) {
                    admitsDown.add(unlockedAt - passedAt);
                    enter();
                }
            }
            return new Report(admits, exits, exitsDown, admitsDown, degraded);
        }
    }

    /** One person through the armed entry; returns the nanoseconds until the gate unlocked for the next one. */
    private long enter() {
        if (!gate.armed()) {
            throw new IllegalStateException("gate bench: the entry is not unlocked (state " + gate.state() + ", rights "
                    + gate.rights() + ")");
        }
        unlocked = false;
        clock += Duration.ofSeconds(1).toNanos();
        long passedAt = System.nanoTime();
        gate.entryPassed(1, clock);
        return unlocked ? unlockedAt - passedAt : -1;
    }

    private long exit() {
        long passedAt = System.nanoTime();
        gate.exitPassed(1);
        return System.nanoTime() - passedAt;
    }

    /** The hub grants every ask in full, at once. */
    private void answer() {
        GateLeaseAsk ask;
        while ((ask = asks.poll()) != null) {
            gate.grant(new GateLeaseGrant(ask.askId(), ask.leaseId(), true, ask.want(), 0, 60_000,
                    DecisionSource.GATE_LEASE, "granted"), now());
        }
    }

    private long now() {
        return clock;
    }

    /** Ticks the gate every 50 ms of its clock, the hub answering, until {@code done} (at most a minute of it). */
    private void until(BooleanSupplier done, String what) {
        for (int ticks = 0; !done.getAsBoolean(); ticks++) {
            if (ticks == 1200) {
                throw new IllegalStateException("gate bench: no " + what + " after a minute (state " + gate.state()
                        + ", rights " + gate.rights() + ")");
            }
            clock += Duration.ofMillis(50).toNanos();
            gate.tick(clock);
            answer();
        }
    }

    private final class Outputs implements GateOutputs {
        @Override
        public void unlockEntry() {
            unlockedAt = System.nanoTime();
            unlocked = true;
        }

        @Override
        public void holdOpen(boolean open) {
            // no fire in this run
        }

        @Override
        public void fullLamp(boolean on) {
            // no lamp to time: a Modbus write would be the module's, not the gate's
        }

        @Override
        public void send(GateLeaseAsk ask) {
            if (hubAnswers) { // a silent hub hears nothing
                asks.add(ask);
            }
        }
    }
}
