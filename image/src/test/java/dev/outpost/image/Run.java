package dev.outpost.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One command, run to its end: its exit code and everything it printed (both streams). */
record Run(List<String> command, int exit, String output) {

    static Run of(String... command) {
        return of(Map.of(), null, command);
    }

    static Run of(Map<String, String> env, Path dir, String... command) {
        return within(Duration.ofMinutes(2), env, dir, command);
    }

    /** {@code command} run to its end, which must come within {@code timeout}. */
    static Run within(Duration timeout, Map<String, String> env, Path dir, String... command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(env);
            if (dir != null) {
                builder.directory(dir.toFile());
            }
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + ": did not finish within " + timeout);
            }
            return new Run(List.of(command), process.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** This run, having checked that it exited 0. */
    Run ok() {
        if (exit != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + exit + ":\n" + output);
        }
        return this;
    }
}
