package dev.outpost.sim.chain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts Outpost processes from the jars the build makes (the same ones {@code ./outpost relay} runs),
 * each as its own operating-system process.
 */
public final class Launcher {
    private final Path root;
    private final Path logs;
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final String java = ProcessHandle.current().info().command().orElse("java");

    public Launcher(Path root, Path logs) {
        this.root = root;
        this.logs = logs;
    }

    /** The runnable jar of {@code relay}, {@code appliance}, {@code display} or {@code gate}. */
    public Path jar(String process) {
        Path jar = root.resolve(switch (process) {
            case "relay" -> "cloud-relay/server/target/relay-server.jar";
            case "appliance" -> "appliance/controller/target/appliance.jar";
            case "display" -> "display-agent/target/display-agent.jar";
            case "gate" -> "gate-io/target/gate-io.jar";
            default -> throw new IllegalArgumentException("launcher: no process called '" + process + "'");
        });
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("launcher: " + jar + " is missing; build it with ./outpost build");
        }
        return jar;
    }

    /**
     * Runs a command-line tool from {@code process}'s jar to completion (e.g. the relay's admin commands) and returns
     * its standard output; fails with its error output when it exits non-zero or runs past {@code timeout}.
     */
    public String run(String process, String mainClass, List<String> args, Duration timeout) throws IOException {
        Files.createDirectories(logs);
        Path err = Files.createTempFile(logs, mainClass.substring(mainClass.lastIndexOf('.') + 1), ".err");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx128m",
                "-XX:TieredStopAtLevel=1", "-cp", jar(process).toString(), mainClass));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("launcher: " + String.join(" ", args) + " did not finish within " + timeout);
            }
            String errors = Files.readString(err, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("launcher: " + mainClass + " " + String.join(" ", args) + " exited with "
                        + p.exitValue() + ": " + errors.strip());
            }
            return out;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("launcher: interrupted while running " + mainClass, e);
        } finally {
            Files.deleteIfExists(err);
        }
    }

    public ManagedProcess start(String name, String process, List<String> args) throws IOException {
        Files.createDirectories(logs);
        Path log = logs.resolve(name + ".log");
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            // its own session: Ctrl-C reaches only the chain's owner, which then stops devices before their appliance
            command.add(SETSID.toString());
        }
        command.addAll(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx128m",
                "-XX:TieredStopAtLevel=1", "-jar", jar(process).toString()));
        command.addAll(args);
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new ManagedProcess(name, p, log);
    }
}
