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

    private static final String KEEP_ALIVE = "jdk.httpclient.keepalive.timeout";

    public static void main(String[] args) {
        // The relay connection is kept from one request to the next: heartbeats and manifest polls come every 30 s,
        // which the JDK client's default 30 s keep-alive would often just miss, costing a mutual-TLS handshake per
        // poll at the relay. 75 s stays under the relay's 120 s idle timeout, so it is always this end that closes.
        if (System.getProperty(KEEP_ALIVE) == null) {
            System.setProperty(KEEP_ALIVE, "75");
        }
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
