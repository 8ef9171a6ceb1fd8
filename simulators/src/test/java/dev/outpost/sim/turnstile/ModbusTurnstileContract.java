package dev.outpost.sim.turnstile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.hal.serial.SerialConfig;
import dev.outpost.hal.serial.SerialLink;
import dev.outpost.hal.time.Scheduler;
import dev.outpost.hal.time.Ticker;
import dev.outpost.hal.turnstile.ModbusTurnstile;
import dev.outpost.hal.turnstile.ModbusTurnstileConfig;
import dev.outpost.hal.turnstile.PassageCounters;
import dev.outpost.hal.turnstile.TurnstileException;
import dev.outpost.hal.turnstile.TurnstileStatus;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Modbus turnstile driver against the simulated I/O module, whatever carries the bytes between them. Each
 * transport's test extends this and says how the module is reached.
 */
abstract class ModbusTurnstileContract {

    protected static final int UNIT = 1;

    protected TurnstileModule module;
    protected String port;
    protected ModbusTurnstile turnstile;
    protected final Recorder recorder = new Recorder();

    /** Starts {@code module} serving and returns the controller's end of the line to it. */
    protected abstract SerialLink connect(TurnstileModule module) throws Exception;

    protected void release() throws Exception {}

    @BeforeEach
    void start() throws Exception {
        // a long pulse: a test's passages must not depend on how fast this machine is
        module = new TurnstileModule(UNIT, Duration.ofMinutes(1), Ticker.system(), Scheduler.system());
        SerialLink line = connect(module);
        port = line.port();
        turnstile = ModbusTurnstile.over(ModbusTurnstileConfig.of(SerialConfig.of(line.port()), UNIT), line);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            turnstile.close();
            module.close();
        } finally {
            release();
        }
    }

    private void listenUntilAnswering() {
        turnstile.listen(recorder);
        recorder.awaitStatus("answering=true", TurnstileStatus::answering);
    }

    /** Lets at least {@code polls} more poll cycles (two requests each) reach the module. */
    private void pollsPass(int polls) {
        long target = module.requestsSeen() + 2L * polls;
        Eventually.until(polls + " more polls", () -> module.requestsSeen() >= target);
    }

    private void assertTotalsStay(String totals) {
        assertEquals(totals, recorder.totals());
        pollsPass(5);
        assertEquals(totals, recorder.totals(), "passages reported twice");
    }

    @Test
    void passagesAreCountedFromTheModulesCounters() {
        listenUntilAnswering();
        assertFalse(module.enterOne(), "the entry starts locked");
        turnstile.unlockEntry();
        assertTrue(module.entryUnlocked());
        assertTrue(module.enterOne());
        assertFalse(module.entryUnlocked(), "the module clears coil 0 after the passage");
        module.tailgate();
        module.exitOne();
        module.exitOne();
        recorder.awaitTotals(1, 2);
        assertTotalsStay("entries 1, exits 2");
        assertEquals(Optional.of(new PassageCounters(1, 2)), turnstile.counters());
        assertEquals(1, module.uncountedEntries());
    }

    @Test
    void countersWrapAt2To32WithoutLosingOrInventingPassages() {
        module.presetCounters(new PassageCounters(0xFFFF_FFFEL, 0xFFFF_FFFFL));
        listenUntilAnswering();
        for (int i = 0; i < 3; i++) {
            turnstile.unlockEntry();
            assertTrue(module.enterOne());
        }
        module.exitOne();
        module.exitOne();
        recorder.awaitTotals(3, 2);
        assertTotalsStay("entries 3, exits 2");
        assertEquals(new PassageCounters(1, 1), module.counters());
    }

    @Test
    void statusChangesAreReported() {
        listenUntilAnswering();
        assertEquals(new TurnstileStatus(true, false, true, false, false), turnstile.status());
        module.fireLoop(true);
        recorder.awaitStatus("fireAlarm=true", TurnstileStatus::fireAlarm);
        module.ready(false);
        module.tamper(true);
        module.manualRelease(true);
        recorder.awaitStatus("ready=false, tamper=true, manualRelease=true",
                status -> !status.ready() && status.tamper() && status.manualRelease());
        module.fireLoop(false);
        recorder.awaitStatus("fireAlarm=false", status -> !status.fireAlarm());
        assertEquals(new TurnstileStatus(true, false, false, true, true), turnstile.status());
    }

    @Test
    void holdOpenReassertsTheCoilsTheModuleClearsAfterEachPassage() {
        listenUntilAnswering();
        turnstile.holdOpen(true);
        assertTrue(module.entryUnlocked());
        assertTrue(module.exitHeldOpen());
        for (int i = 0; i < 2; i++) {
            assertTrue(module.enterOne());
            module.exitOne();
            Eventually.until("coils 0 and 1 set again", () -> module.entryUnlocked() && module.exitHeldOpen());
        }
        turnstile.holdOpen(false);
        assertFalse(module.entryUnlocked());
        assertFalse(module.exitHeldOpen());
        pollsPass(3);
        assertFalse(module.entryUnlocked(), "re-asserted after the hold ended");
        recorder.awaitTotals(2, 2);
    }

    @Test
    void theFullLampFollowsItsCommand() {
        listenUntilAnswering();
        turnstile.fullLamp(true);
        assertTrue(module.fullLampOn());
        turnstile.fullLamp(false);
        assertFalse(module.fullLampOn());
    }

    @Test
    void corruptRepliesTakeItDownAndPassagesMadeMeanwhileAreReportedOnce() {
        listenUntilAnswering();
        turnstile.unlockEntry();
        module.corruptNextReplies(1_000_000);
        recorder.awaitStatus("answering=false", status -> !status.answering());
        assertTrue(turnstile.stats().badCrc() >= 3, turnstile.stats().toString());

        assertTrue(module.enterOne());
        module.exitOne();
        module.exitOne();
        module.clearFaults();
        recorder.awaitStatus("answering=true again", TurnstileStatus::answering);
        recorder.awaitTotals(1, 2);
        assertTotalsStay("entries 1, exits 2");
        assertEquals(3, recorder.statuses().size(), recorder.statuses().toString());
    }

    @Test
    void aSilentModuleIsReportedDownAndCommandsSaySo() {
        listenUntilAnswering();
        module.silence();
        recorder.awaitStatus("answering=false", status -> !status.answering());
        TurnstileException unlock = assertThrows(TurnstileException.class, turnstile::unlockEntry);
        assertEquals("turnstile " + port + " unit 1: unlock entry failed, the entry stays locked: modbus " + port
                + " unit 1: write coil 0 = on: no reply within 100 ms", unlock.getMessage());
        TurnstileException counters = assertThrows(TurnstileException.class, turnstile::counters);
        assertEquals("turnstile " + port + " unit 1: counters not read: modbus " + port + " unit 1: read input "
                + "registers 0..3: no reply within 100 ms", counters.getMessage());

        module.exitOne();
        module.exitOne();
        module.exitOne();
        module.clearFaults();
        recorder.awaitStatus("answering=true again", TurnstileStatus::answering);
        recorder.awaitTotals(0, 3);
        assertTotalsStay("entries 0, exits 3");
        assertTrue(turnstile.stats().timeouts() >= 3, turnstile.stats().toString());
    }

    @Test
    void slowRepliesTakeItDownAndLateRepliesAreNotCountedTwice() {
        listenUntilAnswering();
        module.slowReplies(Duration.ofMillis(300));
        recorder.awaitStatus("answering=false", status -> !status.answering());
        module.exitOne();
        module.exitOne();
        module.clearFaults();
        recorder.awaitStatus("answering=true again", TurnstileStatus::answering);
        recorder.awaitTotals(0, 2);
        pollsPass(10);
        assertTotalsStay("entries 0, exits 2");
    }

    @Test
    void aModuleResetIsNotReportedAsBillionsOfPassages() {
        module.presetCounters(new PassageCounters(1000, 500));
        listenUntilAnswering();
        pollsPass(2);
        module.presetCounters(new PassageCounters(0, 0));
        pollsPass(5);
        module.exitOne();
        recorder.awaitTotals(0, 1);
        assertTotalsStay("entries 0, exits 1");
    }
}
