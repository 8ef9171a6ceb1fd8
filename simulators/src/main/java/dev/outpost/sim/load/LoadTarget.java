package dev.outpost.sim.load;

import dev.outpost.api.config.ConfigFile;
import dev.outpost.relay.Relay;
import dev.outpost.relay.RelayConfig;
import dev.outpost.relay.occupancy.OccupancyView;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;

/**
 * The relay a load run talks to: started in this process on loopback ports (SQLite under a directory, or a
 * PostgreSQL database named by its JDBC URL). In process, so the load can enroll its simulated sites with the
 * relay's device CA: the device endpoints need mutual TLS. Load never leaves the machine.
 */
final class LoadTarget implements AutoCloseable {
    private final Relay relay;
    private final String description;
    private final SiteIdentities identities;

    private LoadTarget(Relay relay, String description) {
        this.relay = relay;
        this.description = description;
        this.identities = new SiteIdentities(relay);
    }

    /** A relay in this process; {@code jdbcUrl} null means SQLite under {@code dir}. */
    static LoadTarget inProcess(Path dir, String jdbcUrl, String user, String password, int poolSize) {
        ConfigFile file = ConfigFile.empty("load").with("http.host", "127.0.0.1").with("http.port", "0")
                .with("https.port", "0").with("data.dir", dir.toString());
        String store = "sqlite " + dir.resolve("relay.db");
        if (jdbcUrl != null) {
            file = file.with("store.kind", "postgres").with("store.url", jdbcUrl)
                    .with("store.pool-size", Integer.toString(poolSize));
            if (user != null) {
                file = file.with("store.user", user);
            }
            if (password != null) {
                file = file.with("store.password", password);
            }
            store = "postgres " + jdbcUrl;
        }
        Relay relay = Relay.create(RelayConfig.from(file), InstantSource.system());
        try {
            relay.start();
            return new LoadTarget(relay, "in-process relay on " + store);
        } catch (RuntimeException e) {
            relay.close();
            throw e;
        }
    }

    SiteIdentities identities() {
        return identities;
    }

    int httpsPort() {
        return relay.httpsPort();
    }

    /** Registers a mall bound to {@code sites}: the ledger call behind an admin's {@code POST /v1/malls}, audited as actor "load". */
    void registerMall(String mallId, long capacity, List<String> sites) {
        relay.ledger().createMall("load", mallId, capacity, sites, "load run");
    }

    /** The mall's occupancy as the ledger holds it now. */
    OccupancyView occupancy(String mallId) {
        return relay.ledger().view(mallId);
    }

    /** How many sites the relay's store holds a heartbeat of. */
    long fleetSites() {
        return relay.store().inTransaction("count fleet sites", tx -> tx.queryLong("SELECT COUNT(*) FROM fleet_site"));
    }

    String description() {
        return description;
    }

    @Override
    public void close() {
        relay.close();
    }
}
