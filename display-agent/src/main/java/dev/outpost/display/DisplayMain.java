package dev.outpost.display;

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

@Command(name = "outpost display", mixinStandardHelpOptions = true,
        description = "Runs a display agent: a menu board, kiosk, POS terminal, kitchen or lobby screen.")
public final class DisplayMain implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", required = true, description = "the agent's configuration file")
    Path config;

    public static void main(String[] args) {
        int code = new CommandLine(new DisplayMain()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() {
        return ServiceRunner.run("display", () -> {
            DisplayConfig displayConfig = DisplayConfig.from(ConfigFile.load(config));
            Logging.configure(displayConfig.log(), "display", displayConfig.device().siteId(), displayConfig.device().deviceId());
            DataFormat.claim("display", displayConfig.device().dataDir(), DisplayAgent.DATA_FORMAT,
                    Health.versionOf(DisplayAgent.class));
            return DisplayAgent.create(displayConfig, InstantSource.system());
        });
    }
}
