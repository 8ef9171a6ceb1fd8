package dev.outpost.hil;

import dev.outpost.hal.turnstile.ModbusTurnstile;
import dev.outpost.hal.turnstile.ModbusTurnstileConfig;
import dev.outpost.hil.bench.Bench;
import dev.outpost.hil.fire.FireLoopCheck;
import dev.outpost.hil.flip.FlipTimingCheck;
import dev.outpost.hil.modbus.RegisterMapCheck;
import dev.outpost.hil.printer.PrinterCheck;
import dev.outpost.hil.wiring.WiringCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.tinylog.Logger;

/**
 * The hardware-in-the-loop suite's front door: {@link #run} runs every check against a {@link Bench}, one after the
 * other, and times each; a check that throws has failed with what it threw. {@link Report} writes what they found.
 */
public final class HilSuite {
    public static final List<String> CHECKS = List.of("wiring", "modbus-register-map", "fire-loop-fail-safe",
            "printer-status", "display-flip-timing");

    private HilSuite() {
    }

    /** Runs every check on {@code bench}; {@code clock} is the gate's and the flip check's time. */
    public static List<Outcome> run(Bench bench, InstantSource clock) {
        List<Outcome> outcomes = new ArrayList<>();
        outcomes.add(timed(CHECKS.get(0), () -> WiringCheck.run(bench.gpio(), bench.wiring(), bench.lineDeadline())));
        outcomes.add(timed(CHECKS.get(1), () -> RegisterMapCheck.run(bench.openModbus(), bench.modbusSerial(),
                bench.modbusUnit(), bench.passages(), bench.actionDeadline())));
        outcomes.add(timed(CHECKS.get(2), () -> {
            ModbusTurnstile turnstile = ModbusTurnstile.over(ModbusTurnstileConfig.of(bench.modbusSerial(),
                    bench.modbusUnit()), bench.openModbus());
            Path journal = Files.createDirectories(bench.workDir().resolve("fire-check-journal"));
            return FireLoopCheck.run(turnstile, bench.fireLoop(), journal, bench.actionDeadline(), clock);
        }));
        outcomes.add(timed(CHECKS.get(3), () -> PrinterCheck.run(bench.printer())));
        outcomes.add(timed(CHECKS.get(4), () -> FlipTimingCheck.run(bench.flips(), bench.flipDeadline())));
        return outcomes;
    }

    private interface Check {
        Verdict run() throws Exception;
    }

    private static Outcome timed(String name, Check check) {
        long start = System.nanoTime();
        Verdict verdict;
        try {
            verdict = check.run();
        } catch (Exception e) {
            Logger.debug(e, "hil: check {} threw", name); // the report says what; the trace is for a bug hunt
            verdict = Verdict.fail("threw " + e);
        }
        Outcome outcome = new Outcome(name, verdict.passed(), verdict.message(),
                Duration.ofNanos(System.nanoTime() - start));
        Logger.info("hil: {} {} in {}: {}", name, outcome.passed() ? "PASS" : "FAIL", Waits.format(outcome.took()),
                outcome.message());
        return outcome;
    }
}
