package dev.outpost.hil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.outpost.hal.turnstile.ModbusTurnstile;
import dev.outpost.hal.turnstile.ModbusTurnstileConfig;
import dev.outpost.hil.bench.FireLoop;
import dev.outpost.hil.bench.Passages;
import dev.outpost.hil.bench.SimBench;
import dev.outpost.hil.bench.WiredPair;
import dev.outpost.hil.fire.FireLoopCheck;
import dev.outpost.hil.modbus.RegisterMapCheck;
import dev.outpost.hil.wiring.WiringCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bench that is wrong is reported wrong, saying where: the checks can fail. */
@Tag("integration")
class BenchFaultsIT {
    @TempDir
    Path dir;

    @Test
    void swappedWiresFailTheWiringCheckNamingTheLines() throws Exception {
        List<WiredPair> swapped = List.of(new WiredPair(17, 6), new WiredPair(27, 5), new WiredPair(22, 13));
        try (SimBench bench = new SimBench(dir, SimBench.WIRING, swapped)) {
            Verdict verdict = WiringCheck.run(bench.gpio(), bench.wiring(), bench.lineDeadline());
            assertFalse(verdict.passed());
            assertEquals("output 17 set HIGH: input 5 still LOW after 100 ms; input 6 followed instead (miswired); "
                    + "output 27 set HIGH: input 6 still LOW after 100 ms; input 5 followed instead (miswired)",
                    verdict.message());
        }
    }

    @Test
    void anOpenWireFailsTheWiringCheckSayingNothingFollowed() throws Exception {
        try (SimBench bench = new SimBench(dir, SimBench.WIRING, List.of(new WiredPair(17, 5), new WiredPair(27, 6)))) {
            Verdict verdict = WiringCheck.run(bench.gpio(), bench.wiring(), bench.lineDeadline());
            assertEquals("output 22 set HIGH: input 13 still LOW after 100 ms (no wired input followed: open wire?)",
                    verdict.message());
        }
    }

    @Test
    void aWrongDiscreteInputAtRestFailsTheRegisterMapCheckNamingIt() throws Exception {
        try (SimBench bench = SimBench.start(dir)) {
            bench.module().tamper(true);
            Verdict verdict = RegisterMapCheck.run(bench.openModbus(), bench.modbusSerial(), bench.modbusUnit(),
                    bench.passages(), bench.actionDeadline());
            assertFalse(verdict.passed());
            assertEquals("unit 1 on " + bench.modbusSerial().port() + ": discrete input 4 (tamper) read 1, expected 0 "
                    + "at rest (passed before: FC01 coils 0-2)", verdict.message());
        }
    }

    @Test
    void aPassageCountedOnTheWrongCounterFailsTheRegisterMapCheck() throws Exception {
        try (SimBench bench = SimBench.start(dir)) {
            Verdict verdict = RegisterMapCheck.run(bench.openModbus(), bench.modbusSerial(), bench.modbusUnit(),
                    // the wrong sensor: the person at the entry steps the exit count
                    Passages.of(bench.module()::exitOne, bench.module()::exitOne), Duration.ofMillis(500));
            assertEquals("unit 1 on " + bench.modbusSerial().port() + ": after coil 0 (unlock entry) and one person "
                    + "through the entry, the entry count (input registers 0-1) stepped by 0 and the other by 1 within "
                    + "500 ms, expected 1 and 0 (passed before: FC01 coils 0-2, FC02 discrete inputs 0-5 at rest, FC04 "
                    + "input registers 0-3 (entries 0, exits 0), FC05 coil 2 (FULL lamp) on and off)", verdict.message());
        }
    }

    @Test
    void aFireLoopTheModuleNeverSeesOpenFailsTheFireCheckWithTheGatesState() throws Exception {
        try (SimBench bench = SimBench.start(dir)) {
            ModbusTurnstile turnstile = ModbusTurnstile.over(ModbusTurnstileConfig.of(bench.modbusSerial(),
                    bench.modbusUnit()), bench.openModbus());
            // the loop's monitor input is not wired to the module: opening the loop changes nothing it reports
            Verdict verdict = FireLoopCheck.run(turnstile, FireLoop.of(() -> { }, () -> { }), dir.resolve("journal"),
                    Duration.ofMillis(500), InstantSource.system());
            assertFalse(verdict.passed());
            assertEquals("fire loop opened: the gate did not go FIRE_OPEN with entry and exit held open within 500 ms "
                    + "(state NORMAL, hold open false, turnstile TurnstileStatus[answering=true, fireAlarm=false, "
                    + "ready=true, tamper=false, manualRelease=false])", verdict.message());
        }
    }
}
