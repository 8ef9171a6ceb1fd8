package dev.outpost.hil;

import dev.outpost.api.config.ConfigException;
import dev.outpost.api.logging.LogFormat;
import dev.outpost.api.logging.LogSettings;
import dev.outpost.api.logging.Logging;
import dev.outpost.hil.bench.Bench;
import dev.outpost.hil.bench.BenchFile;
import dev.outpost.hil.bench.RealBench;
import dev.outpost.hil.bench.SimBench;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./outpost hil [--bench FILE|sim] [--report DIR]}: exit 0 when every check passed, 1 when one failed, 2 on bad input. */
@Command(name = "hil", mixinStandardHelpOptions = true,
        description = "Runs the hardware-in-the-loop checks against the simulated bench or a real one and writes "
                + "hil-report.md.")
public final class HilMain implements Callable<Integer> {

    @Option(names = "--bench", defaultValue = "sim", description = "sim (the default), or a bench file naming the "
            + "bench's serial port, GPIO lines, printer and appliance")
    String bench;

    @Option(names = "--report", defaultValue = ".", description = "the directory hil-report.md is written to "
            + "(default: the current directory)")
    Path report;

    public static void main(String[] args) {
        quietLogs("hil");
        System.exit(new CommandLine(new HilMain()).execute(args));
    }

    /** The report and the console lines say what happened; the logs speak up only when something goes wrong. */
    public static void quietLogs(String process) {
        Logging.configure(new LogSettings(LogFormat.TEXT, LogSettings.LogLevel.WARN), process, null, null);
        java.util.logging.Logger.getLogger("").setLevel(Level.WARNING); // the embedded broker logs through JUL
    }

    @Override
    public Integer call() throws IOException {
        BenchFile file = null;
        if (!bench.equals("sim")) {
            try {
                file = BenchFile.load(Path.of(bench));
            } catch (ConfigException e) {
                System.err.println("hil: " + e.getMessage());
                return 2;
            }
        }
        InstantSource clock = InstantSource.system(); // a bench runs in real time
        Path work = Files.createTempDirectory("outpost-hil-");
        try {
            Bench b;
            try {
                b = file == null ? SimBench.start(work) : new RealBench(file, work, System.out, clock);
            } catch (IOException | RuntimeException e) {
                System.err.println("hil: bench " + bench + " cannot be set up, no check was run: " + e.getMessage());
                return 1;
            }
            List<Outcome> outcomes;
            String name = b.name();
            try (b) {
                System.out.println("hil: bench " + name + ": running " + String.join(", ", HilSuite.CHECKS));
                outcomes = HilSuite.run(b, clock);
            }
            for (Outcome o : outcomes) {
                System.out.printf("%-20s %s  %-9s %s%n", o.check(), o.passed() ? "PASS" : "FAIL",
                        Waits.format(o.took()), o.message());
            }
            Path written = Report.write(report, name, clock.instant(), outcomes);
            boolean passed = outcomes.stream().allMatch(Outcome::passed);
            System.out.println("hil: " + (passed ? "PASS" : "FAIL") + "; report " + written.toAbsolutePath());
            return passed ? 0 : 1;
        } finally {
            delete(work);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
