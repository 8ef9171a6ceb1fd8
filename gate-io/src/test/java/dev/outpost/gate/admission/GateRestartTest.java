package dev.outpost.gate.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.outpost.api.event.UuidV7;
import dev.outpost.gate.journal.GateBook;
import dev.outpost.gate.journal.SqliteJournal;
import dev.outpost.hal.turnstile.PassageCounters;
import dev.outpost.hal.turnstile.TurnstileStatus;
import dev.outpost.site.message.GateLeaseAsk;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gate restarted on its journal reconciles the passages its turnstile counted while the controller was down: as
 * admissions without a right and confirmed exits normally, uncounted when the fire loop is open (found by the mall
 * simulation, seed 16321: a gate restarted during a fire counted 19 uncounted fire passages as admissions).
 */
class GateRestartTest {
    private static final TurnstileStatus HEALTHY = new TurnstileStatus(true, false, true, false, false);
    private static final TurnstileStatus FIRE = new TurnstileStatus(true, true, true, false, false);
    private static final GateOutputs NOTHING = new GateOutputs() {
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
        }
    };

    @TempDir
    Path dir;

    /** Starts a gate on the journal in {@code dir} with the turnstile's counters and status; returns its book. */
    private GateBook start(PassageCounters counters, TurnstileStatus status) {
        InstantSource clock = InstantSource.system();
        try (SqliteJournal journal = SqliteJournal.open(dir, "site-1", "gate-1", clock)) {
            Gate gate = new Gate("gate-1", GateSettings.defaults(), journal, NOTHING, new UuidV7(clock)::next);
            gate.start(0, Optional.of(counters), status);
            return gate.book();
        }
    }

    @Test
    void passagesWhileDownCountAsAdmissionsAndExits() {
        start(new PassageCounters(10, 5), HEALTHY);
        GateBook after = start(new PassageCounters(13, 7), HEALTHY);
        assertEquals(3, after.used(), "entries without a right count as used: the safe side");
        assertEquals(2, after.exited());
        assertEquals(13, after.entryCounter());
        assertEquals(7, after.exitCounter());
    }

    @Test
    void passagesWhileDownDuringAFireAreNotCounted() {
        start(new PassageCounters(10, 5), HEALTHY);
        GateBook after = start(new PassageCounters(29, 6), FIRE);
        assertEquals(0, after.used(), "fire passages are uncounted: the recount covers them");
        assertEquals(0, after.exited(), "nor do exits during a fire give rights back");
        assertEquals(29, after.entryCounter(), "the counters move on all the same");
        assertEquals(6, after.exitCounter());
    }
}
