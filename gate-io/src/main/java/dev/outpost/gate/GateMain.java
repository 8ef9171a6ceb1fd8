package dev.outpost.gate;

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

@Command(name = "outpost gate", mixinStandardHelpOptions = true, description = "Runs a turnstile gate controller.")
public final class GateMain implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", required = true, description = "the controller's configuration file")
    Path config;

    public static void main(String[] args) {
        int code = new CommandLine(new GateMain()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() {
        return ServiceRunner.run("gate", () -> {
            GateConfig gateConfig = GateConfig.from(ConfigFile.load(config));
            Logging.configure(gateConfig.log(), "gate", gateConfig.device().siteId(), gateConfig.device().deviceId());
            DataFormat.claim("gate", gateConfig.device().dataDir(), GateController.DATA_FORMAT,
                    Health.versionOf(GateController.class));
            return GateController.create(gateConfig, InstantSource.system());
        });
    }
}
