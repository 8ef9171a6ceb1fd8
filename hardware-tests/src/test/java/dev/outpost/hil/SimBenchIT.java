package dev.outpost.hil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** CI's bench: {@code ./outpost hil --bench sim} passes every check and its report lists each with its timing. */
@Tag("integration")
class SimBenchIT {
    @TempDir
    Path dir;

    @Test
    void everyCheckPassesOnTheSimBenchAndTheReportListsThem() throws Exception {
        int exit = new CommandLine(new HilMain()).execute("--bench", "sim", "--report", dir.toString());
        String report = Files.readString(dir.resolve(Report.FILE));
        assertEquals(0, exit, report);
        assertTrue(report.startsWith("# Hardware-in-the-loop report: bench sim\n"), report);
        assertTrue(report.contains("5 checks, 5 passed, 0 failed. **PASS**"), report);
        for (String check : HilSuite.CHECKS) {
            assertTrue(report.lines().anyMatch(l -> l.matches("\\| " + check + " \\| PASS \\| [0-9.]+ m?s \\| .+ \\|")),
                    check + " not reported as passed with its timing:\n" + report);
        }
        assertTrue(report.contains("skew "), report);
    }
}
