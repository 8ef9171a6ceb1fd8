package dev.outpost.relay;

import dev.outpost.api.config.ConfigFile;
import dev.outpost.api.logging.Logging;
import dev.outpost.api.runtime.DataFormat;
import dev.outpost.api.runtime.Health;
import dev.outpost.api.runtime.ServiceRunner;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "outpost relay", mixinStandardHelpOptions = true,
        description = "Runs the cloud relay: plans, leases, audit and the HQ console.")
public final class RelayMain implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "the relay's configuration file (key = value lines)")
    Path config;

    @Option(names = "--port", paramLabel = "N", description = "HTTP port; wins over http.port in the file")
    Integer port;

    @Option(names = "--data", paramLabel = "DIR", description = "state directory; wins over data.dir in the file")
    Path data;

    public static void main(String[] args) {
        int code = new CommandLine(new RelayMain()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() {
        return ServiceRunner.run("relay", () -> {
            ConfigFile file = config == null ? ConfigFile.empty("(command line)") : ConfigFile.load(config);
            if (port != null) {
                file = file.with("http.port", port.toString());
            }
            if (data != null) {
                file = file.with("data.dir", data.toString());
            }
            RelayConfig relayConfig = RelayConfig.from(file);
            Logging.configure(relayConfig.log(), "relay", null, null);
            DataFormat.claim("relay", relayConfig.dataDir(), Relay.DATA_FORMAT, Health.versionOf(Relay.class));
            return Relay.create(relayConfig, InstantSource.system());
        });
    }
}
