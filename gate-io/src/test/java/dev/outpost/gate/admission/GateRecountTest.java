package dev.outpost.gate.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.event.UuidV7;
import dev.outpost.gate.journal.GateBook;
import dev.outpost.gate.journal.SqliteJournal;
import dev.outpost.hal.turnstile.PassageCounters;
import dev.outpost.hal.turnstile.TurnstileStatus;
import dev.outpost.site.message.GateLeaseAsk;
import dev.outpost.site.message.MallStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gate learns of operator recounts from the hub's mall status and tells its hub, with every ask, which of its exits
 * it had counted before it knew of the latest one: those may predate the recount and must not lower the recounted
 * count. What it learned is journaled, so a restart does not turn those exits into later ones.
 */
class GateRecountTest {
    private static final TurnstileStatus HEALTHY = new TurnstileStatus(true, false, true, false, false);

    @TempDir
    Path dir;
    final List<GateLeaseAsk> asks = new ArrayList<>();
    final GateOutputs outputs = new GateOutputs() {
        @Override
        public void unlockEntry() {
        }

        @Override
        public void holdOpen(boolean open) {
        }

        @Override
        public void fullLamp(boolean on) {
        }

        @Override
        public void send(GateLeaseAsk ask) {
            asks.add(ask);
        }
    };

    static MallStatus status(long recounts, long epoch) {
        return new MallStatus("mall-1", MallStatus.Mode.NORMAL, true, recounts, 100, epoch, Instant.EPOCH);
    }

    Gate gate(SqliteJournal journal, long exitCounter) {
        Gate gate = new Gate("gate-1", GateSettings.defaults(), journal, outputs, new UuidV7(InstantSource.system())::next);
        gate.start(0, Optional.of(new PassageCounters(0, exitCounter)), HEALTHY);
        return gate;
    }

    GateLeaseAsk lastAsk() {
        return asks.getLast();
    }

    @Test
    void exitsCountedBeforeTheGateLearnedOfARecountAreReportedAsSuchAcrossARestart() {
        try (SqliteJournal journal = SqliteJournal.open(dir, "site-1", "gate-1", InstantSource.system())) {
            Gate gate = gate(journal, 0);
            gate.mallStatus(status(0, 1), 1);
            assertEquals(List.of(0L, 0L), List.of(lastAsk().recounts(), lastAsk().preExited()));
            gate.exitPassed(3);
            gate.mallStatus(status(1, 2), 2); // an operator recounted: the 3 exits may predate it
            gate.tick(2_000_000_000L); // the first ask went unanswered: asked again
            assertEquals(List.of(1L, 3L, 3L), List.of(lastAsk().recounts(), lastAsk().preExited(), lastAsk().exited()));
            gate.exitPassed(2); // after the gate knew: these lower the count
            gate.tick(10_000_000_000L);
            assertEquals(List.of(1L, 3L, 5L), List.of(lastAsk().recounts(), lastAsk().preExited(), lastAsk().exited()));
        }
        asks.clear();
        try (SqliteJournal journal = SqliteJournal.open(dir, "site-1", "gate-1", InstantSource.system())) {
            GateBook book = journal.book().orElseThrow();
            assertEquals(List.of(1L, 3L), List.of(book.recounts(), book.preExited()), "journaled, so it survives a restart");
            Gate gate = gate(journal, 5); // the turnstile counted the same 5 exits
            gate.mallStatus(status(1, 3), 1); // the retained status, the same recount: nothing new predates it
            assertEquals(List.of(1L, 3L, 5L), List.of(lastAsk().recounts(), lastAsk().preExited(), lastAsk().exited()));
        }
    }

    /**
     * Regression (mall simulation with mid-run recounts, seed 12843): after a fire the gate counts turnstile passages
     * afresh, so a gate restarted with an entry unlocked could not tell whether someone had used it, unlocked it again,
     * and let a second person in on the same right. Now the unlocked entry counts as used.
     */
    @Test
    void aGateRestartedAfterAFireDoesNotUnlockTheSameRightTwice() {
        long used;
        try (SqliteJournal journal = SqliteJournal.open(dir, "site-1", "gate-1", InstantSource.system())) {
            Gate gate = gate(journal, 0);
            gate.mallStatus(status(0, 1), 1);
            gate.turnstileStatus(new TurnstileStatus(true, true, true, false, false), 2);
            assertEquals(GateState.FIRE_OPEN, gate.state());
            gate.turnstileStatus(HEALTHY, 3);
            gate.mallStatus(status(1, 2), 4); // recounted: entries resume
            gate.grant(new dev.outpost.site.message.GateLeaseGrant(lastAsk().askId(), lastAsk().leaseId(), true, 5, 0, 5_000,
                    dev.outpost.site.message.DecisionSource.GATE_LEASE, "granted"), 5);
            assertTrue(gate.armed());
            used = gate.book().used();
        }
        try (SqliteJournal journal = SqliteJournal.open(dir, "site-1", "gate-1", InstantSource.system())) {
            Gate gate = gate(journal, 0);
            assertEquals(used, gate.book().used(), "the right stays spent");
            assertFalse(gate.armed(), "and is not unlocked again on the same right");
        }
    }

    /**
     * An entry unlocked before the gate learned of a recount was reported as used, and the recount did not see the person
     * about to pass: the gate counts it again (a right spent, and one given back that predates the recount), so the
     * passage stays counted and an unused unlock given back later takes off only what it added.
     */
    @Test
    void anEntryUnlockedWhenARecountArrivesIsCountedAgain() {
        try (SqliteJournal journal = SqliteJournal.open(dir, "site-1", "gate-1", InstantSource.system())) {
            Gate gate = gate(journal, 0);
            gate.mallStatus(status(0, 1), 1);
            gate.grant(new dev.outpost.site.message.GateLeaseGrant(lastAsk().askId(), lastAsk().leaseId(), true, 5, 0, 5_000,
                    dev.outpost.site.message.DecisionSource.GATE_LEASE, "granted"), 2);
            assertTrue(gate.armed(), "the gate unlocked its entry for the next person");
            GateBook before = gate.book();
            gate.mallStatus(status(1, 2), 3);
            GateBook after = gate.book();
            assertEquals(List.of(before.used() + 1, before.exited() + 1, after.exited()),
                    List.of(after.used(), after.exited(), after.preExited()));
            assertTrue(after.armed(), "still unlocked: nothing changes for the person at the turnstile");
        }
    }
}
