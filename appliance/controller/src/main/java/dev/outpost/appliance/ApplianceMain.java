package dev.outpost.appliance;

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

@Command(name = "outpost appliance", mixinStandardHelpOptions = true,
        description = "Runs a site appliance: site broker, LAN HTTP, device presence, relay sync.")
public final class ApplianceMain implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", required = true, description = "the appliance's configuration file")
    Path config;

    public static void main(String[] args) {
        int code = new CommandLine(new ApplianceMain()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() {
        return ServiceRunner.run("appliance", () -> {
            ApplianceConfig applianceConfig = ApplianceConfig.from(ConfigFile.load(config));
            Logging.configure(applianceConfig.log(), "appliance", applianceConfig.siteId(), null);
            DataFormat.claim("appliance", applianceConfig.dataDir(), Appliance.DATA_FORMAT,
                    Health.versionOf(Appliance.class));
            return Appliance.create(applianceConfig, InstantSource.system());
        });
    }
}
