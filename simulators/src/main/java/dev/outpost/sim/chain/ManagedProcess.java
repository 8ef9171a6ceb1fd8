package dev.outpost.sim.chain;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** One Outpost process started by a {@link LocalChain}, its output in a log file. */
public final class ManagedProcess {
    private final String name;
    private final Process process;
    private final Path log;

    ManagedProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Asks it to stop as SIGTERM does, and waits up to {@code grace} before killing it. Returns the exit code. */
    public int stop(Duration grace) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        return process.exitValue();
    }

    /** Waits for it to exit by itself; returns its exit code, or -1 if it is still running after {@code timeout}. */
    public int waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        return process.waitFor(timeout, unit) ? process.exitValue() : -1;
    }

    /** Kills it without warning, as a power cut would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }
}
