package dev.outpost.hil;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;

/** {@code hil-report.md}: one row per check with its outcome, timing and message, and the verdict on top. */
public final class Report {
    public static final String FILE = "hil-report.md";

    private Report() {
    }

    /** Writes the report into {@code dir} (created if missing), replacing an older one whole; returns its path. */
    public static Path write(Path dir, String bench, Instant at, List<Outcome> outcomes) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        Path partial = dir.resolve(FILE + ".partial");
        Files.writeString(partial, render(bench, at, outcomes), StandardCharsets.UTF_8);
        return Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static String render(String bench, Instant at, List<Outcome> outcomes) {
        long failed = outcomes.stream().filter(o -> !o.passed()).count();
        StringBuilder md = new StringBuilder();
        md.append("# Hardware-in-the-loop report: bench ").append(bench).append("\n\n");
        md.append("Run at ").append(at).append(": ").append(outcomes.size()).append(" checks, ")
                .append(outcomes.size() - failed).append(" passed, ").append(failed).append(" failed. **")
                .append(failed == 0 ? "PASS" : "FAIL").append("**\n\n");
        md.append("| check | outcome | time | message |\n|---|---|---|---|\n");
        for (Outcome o : outcomes) {
            md.append("| ").append(o.check()).append(" | ").append(o.passed() ? "PASS" : "**FAIL**").append(" | ")
                    .append(Waits.format(o.took())).append(" | ").append(cell(o.message())).append(" |\n");
        }
        return md.toString();
    }

    private static String cell(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", "").replace("\n", "<br>");
    }
}
