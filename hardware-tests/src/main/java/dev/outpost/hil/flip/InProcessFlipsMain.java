package dev.outpost.hil.flip;

import dev.outpost.appliance.flip.FlipView;
import dev.outpost.hil.HilMain;
import dev.outpost.sim.load.Latencies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -cp hardware-tests/target/hardware-tests.jar dev.outpost.hil.flip.InProcessFlipsMain --screens 50}: the
 * commit skew of {@code --flips} flips over {@code --screens} real display agents that share one JVM with the flip
 * coordinator and the site broker ({@link SimFlips}). Each agent has its own MQTT connection, site clock, files and
 * HTTP port, as on a screen; what they share is the process, so its compiled code and its threads. Set beside
 * {@code simulators load flips}, where every screen is a JVM of its own, it tells the protocol's skew apart from the
 * cost of waking that many JVMs on the same cores. A measurement, not a check: it prints, and fails only on bad input.
 */
@Command(name = "in-process-flips", mixinStandardHelpOptions = true,
        description = "Commit skew of N in-process display agents flipping together, printed per flip and summed up.")
public final class InProcessFlipsMain implements Callable<Integer> {

    @Option(names = "--screens", defaultValue = "50", description = "display agents (default: ${DEFAULT-VALUE})")
    int screens;

    @Option(names = "--flips", defaultValue = "50", description = "flips, one after the other (default: ${DEFAULT-VALUE})")
    int flips;

    public static void main(String[] args) {
        HilMain.quietLogs("in-process-flips");
        System.exit(new CommandLine(new InProcessFlipsMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (screens < 1 || screens > 500 || flips < 1 || flips > 1000) {
            System.err.println("in-process-flips: --screens must be 1-500 and --flips 1-1000, were " + screens + " and "
                    + flips);
            return 2;
        }
        Path dir = Files.createTempDirectory("outpost-in-process-flips-");
        Latencies skews = new Latencies(flips); // in nanoseconds, as the load harness keeps its skews
        int notCommitted = 0;
        long autonomous = 0;
        try (SimFlips source = SimFlips.start(dir, screens)) {
            System.out.println("in-process-flips: " + source.describe() + " started; " + flips + " flips");
            for (int i = 1; i <= flips; i++) {
                Optional<FlipView.Flip> found = source.next(Duration.ofSeconds(30));
                if (found.isEmpty() || !"COMMITTED".equals(found.get().state()) || found.get().skewMs() == null) {
                    notCommitted++;
                    System.out.println("in-process-flips: flip " + i + ": " + found.map(f -> f.state() + " ("
                            + f.reason() + ")").orElse("not decided within 30 s"));
                    continue;
                }
                FlipView.Flip f = found.get();
                long own = f.devices().stream().filter(d -> Boolean.TRUE.equals(d.autonomous())).count();
                autonomous += own;
                skews.add(f.skewMs() * 1_000_000L);
                System.out.println("in-process-flips: flip " + i + ": " + f.versionId() + " COMMITTED, skew "
                        + f.skewMs() + " ms, " + own + " on their own");
            }
        }
        System.out.printf("in-process-flips: %d screens, %d flips committed: skew p50 %.0f ms, p99 %.0f ms, max %.0f ms;"
                        + " %d not committed, %d screen commits on their own%n", screens, skews.count(),
                skews.percentileMillis(50), skews.percentileMillis(99), skews.percentileMillis(100), notCommitted,
                autonomous);
        return 0;
    }
}
