package dev.outpost.sim.turnstile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.hal.modbus.FrameTiming;
import dev.outpost.hal.modbus.ModbusException;
import dev.outpost.hal.modbus.ModbusMaster;
import dev.outpost.hal.serial.SimSerial;
import dev.outpost.hal.time.ManualTime;
import dev.outpost.hal.time.Ticker;
import dev.outpost.hal.turnstile.PassageCounters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulated I/O module on its own: its register map, its clock and its faults, read by a plain master. */
class TurnstileModuleTest {

    private static final int UNIT = 1;

    private final ManualTime time = ManualTime.create();
    private final SimSerial.Pair wire = SimSerial.pair("sim-master", "sim-module");
    private final TurnstileModule module = TurnstileModule.on(time, UNIT);
    /** Generous: the first exception response in a JVM waits for the logger to start. */
    private final ModbusMaster master = master(Duration.ofSeconds(2));
    /** For the requests a test expects to go unanswered. */
    private final ModbusMaster impatient = master(Duration.ofMillis(100));

    TurnstileModuleTest() {
        module.serve(wire.b());
    }

    private ModbusMaster master(Duration responseTimeout) {
        return new ModbusMaster(wire.a(), new FrameTiming(9600), responseTimeout, Ticker.system());
    }

    private ModbusException.Failure unanswered() {
        return assertThrows(ModbusException.class, () -> impatient.readDiscreteInputs(UNIT, 0, 6)).failure();
    }

    @AfterEach
    void close() {
        module.close();
        wire.close();
    }

    private List<Boolean> inputs() {
        return master.readDiscreteInputs(UNIT, 0, 6);
    }

    @Test
    void aPassageStepsTheCounterRaisesTheInputAndClearsCoil0() {
        assertEquals(List.of(false, false, false, true, false, false), inputs(), "idle and ready");
        assertFalse(module.enterOne(), "locked");
        master.writeCoil(UNIT, 0, true);
        assertEquals(List.of(true, false, false), master.readCoils(UNIT, 0, 3));
        assertTrue(module.enterOne());
        assertEquals(List.of(false, false, false), master.readCoils(UNIT, 0, 3));
        assertEquals(List.of(true, false, false, true, false, false), inputs());
        time.advance(TurnstileModule.PASSAGE_EDGE);
        assertEquals(List.of(false, false, false, true, false, false), inputs(), "the edge is over");
        assertEquals(List.of(0, 1, 0, 0), master.readInputRegisters(UNIT, 0, 4));
    }

    @Test
    void coil0ClearsAfterItsPulseTime() {
        master.writeCoil(UNIT, 0, true);
        time.advance(TurnstileModule.DEFAULT_PULSE.minusMillis(1));
        assertTrue(module.entryUnlocked());
        time.advance(Duration.ofMillis(1));
        assertFalse(module.entryUnlocked());
        assertEquals(List.of(false, false, false), master.readCoils(UNIT, 0, 3));
        assertFalse(module.enterOne());
    }

    @Test
    void exitsAreFreeAndCountersAreUint32HighWordFirst() {
        module.presetCounters(new PassageCounters(0x0001_0002L, 0xFFFF_FFFFL));
        module.exitOne();
        assertEquals(List.of(1, 2, 0, 0), master.readInputRegisters(UNIT, 0, 4));
        assertEquals(new PassageCounters(0x0001_0002L, 0), module.counters());
    }

    @Test
    void fireAndTheKeySwitchReleaseTheEntry() {
        module.fireLoop(true);
        assertTrue(module.entryUnlocked());
        assertTrue(module.enterOne());
        module.fireLoop(false);
        module.manualRelease(true);
        module.tamper(true);
        module.ready(false);
        assertTrue(module.enterOne());
        assertEquals(List.of(false, false, true, true), inputs().subList(2, 6), "fire, ready, tamper, key");
        assertEquals(new PassageCounters(2, 0), module.counters());
    }

    @Test
    void aTailgaterIsKnownOnlyToTheGroundTruth() {
        master.writeCoil(UNIT, 0, true);
        assertTrue(module.enterOne());
        module.tailgate();
        assertEquals(new PassageCounters(1, 0), module.counters());
        assertEquals(1, module.uncountedEntries());
    }

    @Test
    void holdOpenWritesBothCoilsAndTheLampItsOwn() {
        master.writeCoils(UNIT, 0, List.of(true, true, true));
        assertTrue(module.exitHeldOpen());
        assertTrue(module.fullLampOn());
        module.exitOne();
        assertFalse(module.exitHeldOpen(), "the module clears coil 1 after an exit");
        assertTrue(module.entryUnlocked());
    }

    @Test
    void addressesBeyondTheMapAreRefused() {
        ModbusException e = assertThrows(ModbusException.class, () -> master.readDiscreteInputs(UNIT, 4, 4));
        assertEquals(OptionalInt.of(2), e.exceptionCode());
        assertEquals(OptionalInt.of(2), assertThrows(ModbusException.class,
                () -> master.writeCoil(UNIT, 3, true)).exceptionCode());
        assertEquals(OptionalInt.of(2), assertThrows(ModbusException.class,
                () -> master.readInputRegisters(UNIT, 0, 5)).exceptionCode());
    }

    @Test
    void theNextRepliesCanBeCorrupted() {
        module.corruptNextReplies(2);
        for (int i = 0; i < 2; i++) {
            assertEquals(ModbusException.Failure.BAD_CRC,
                    assertThrows(ModbusException.class, this::inputs).failure());
        }
        assertEquals(6, inputs().size());
    }

    @Test
    void randomCorruptionIsRepeatableWithTheSameSeed() {
        List<Boolean> first = corruptionPattern(7);
        long corrupted = first.stream().filter(bad -> bad).count();
        assertTrue(corrupted >= 3 && corrupted <= 17, corrupted + " of 20 corrupted at p=0.5");
        assertEquals(first, corruptionPattern(7));
    }

    private List<Boolean> corruptionPattern(long seed) {
        module.corruptReplies(0.5, seed);
        List<Boolean> pattern = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            try {
                inputs();
                pattern.add(false);
            } catch (ModbusException e) {
                assertEquals(ModbusException.Failure.BAD_CRC, e.failure());
                pattern.add(true);
            }
        }
        module.clearFaults();
        return pattern;
    }

    @Test
    void silenceLastsForItsTimeOnTheModulesClock() {
        module.silenceFor(Duration.ofSeconds(2));
        assertEquals(ModbusException.Failure.TIMEOUT, unanswered());
        time.advance(Duration.ofSeconds(2));
        assertEquals(6, inputs().size());

        module.silence();
        time.advance(Duration.ofHours(1));
        assertEquals(ModbusException.Failure.TIMEOUT, unanswered());
        module.clearFaults();
        assertEquals(6, inputs().size());
    }

    @Test
    void aSilentModuleDoesNotActOnWrites() {
        module.silence();
        assertThrows(ModbusException.class, () -> impatient.writeCoil(UNIT, 0, true));
        assertFalse(module.entryUnlocked(), "a cut bus: the request never reached it");
    }

    @Test
    void aSlowReplyGoesOutWhenTheModulesClockHasMovedOn() {
        module.slowReplies(Duration.ofMillis(300));
        assertEquals(ModbusException.Failure.TIMEOUT, unanswered());
        long sent = module.repliesSent();
        time.advance(Duration.ofMillis(300));
        assertEquals(sent + 1, module.repliesSent());
    }

    @Test
    void anotherUnitsRequestsGoUnanswered() {
        assertEquals(ModbusException.Failure.TIMEOUT,
                assertThrows(ModbusException.class, () -> impatient.readCoils(2, 0, 3)).failure());
        assertEquals(1, module.requestsSeen());
        assertEquals(0, module.repliesSent());
    }
}
