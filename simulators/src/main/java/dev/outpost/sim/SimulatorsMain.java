package dev.outpost.sim;

import dev.outpost.sim.demo.Demo;
import dev.outpost.sim.channel.PlatformCommand;
import dev.outpost.sim.legacy.LegacyPosCommand;
import dev.outpost.sim.load.LoadCommand;
import dev.outpost.sim.turnstile.TurnstileCommand;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "simulators", mixinStandardHelpOptions = true,
        subcommands = {SimulatorsMain.DemoCommand.class, LoadCommand.class, TurnstileCommand.class,
                PlatformCommand.class, LegacyPosCommand.class},
        description = "Outpost simulators: the demo chain, load runs, a turnstile I/O module, an order platform and a"
                + " legacy POS.")
public final class SimulatorsMain {

    public static void main(String[] args) {
        int code = new CommandLine(new SimulatorsMain()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Command(name = "demo", description = "Runs a relay, a store and a mall on this machine until Ctrl-C.")
    static final class DemoCommand implements Callable<Integer> {
        @Option(names = "--root", required = true, description = "the repository root, where the built jars are")
        Path root;

        @Option(names = "--dir", required = true, description = "where the demo keeps its state and logs")
        Path dir;

        @Override
        public Integer call() throws Exception {
            return Demo.run(root.toAbsolutePath(), dir.toAbsolutePath());
        }
    }
}
