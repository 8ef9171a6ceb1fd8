package dev.outpost.relay.admin;

import dev.outpost.api.config.ConfigFile;
import dev.outpost.relay.RelayConfig;
import dev.outpost.relay.audit.AuditLog;
import dev.outpost.relay.staff.Accounts;
import dev.outpost.relay.staff.Passwords;
import dev.outpost.relay.store.Store;
import java.nio.file.Path;
import java.time.InstantSource;
import picocli.CommandLine.Option;

/** Which relay to administer: its configuration file or its state directory, exactly as {@code ./outpost relay} takes them. */
public final class RelayStoreOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "the relay's configuration file")
    Path config;

    @Option(names = "--data", paramLabel = "DIR", description = "the relay's state directory; wins over data.dir in the file")
    Path data;

    /** The relay's store, opened (and migrated), with what commands need on it. */
    public record Opened(RelayConfig config, Store store, AuditLog audit, InstantSource clock) implements AutoCloseable {
        public Accounts accounts() {
            return new Accounts(store, audit, clock, new Passwords(config.staff().passwordCost()));
        }

        @Override
        public void close() {
            store.close();
        }
    }

    public Opened open() {
        ConfigFile file = config == null ? ConfigFile.empty("(command line)") : ConfigFile.load(config);
        if (data != null) {
            file = file.with("data.dir", data.toString());
        }
        if (config == null && data == null) {
            throw new IllegalArgumentException("say which relay: --config FILE (the relay's configuration) or --data DIR");
        }
        RelayConfig relay = RelayConfig.from(file);
        InstantSource clock = InstantSource.system();
        Store store = Store.open(relay.store());
        return new Opened(relay, store, new AuditLog(store, clock), clock);
    }
}
