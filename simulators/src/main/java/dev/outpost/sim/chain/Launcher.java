package dev.outpost.sim.chain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
