package dev.outpost.sim.load;

import dev.outpost.api.config.ConfigFile;
import dev.outpost.relay.Relay;
import dev.outpost.relay.RelayConfig;
import dev.outpost.api.json.Json;
import dev.outpost.api.sign.SigningKey;
import dev.outpost.relay.manifest.ManifestKeys;
import dev.outpost.relay.menu.Menus;
import dev.outpost.relay.menu.Scope;
import dev.outpost.relay.occupancy.OccupancyView;
import dev.outpost.relay.plan.Plans;
import dev.outpost.relay.plan.Targets;
import dev.outpost.relay.stores.StoreDirectory;
import dev.outpost.relay.stores.StoreProfile;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
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
        RelayConfig config = RelayConfig.from(file);
        if (ManifestKeys.load(config.manifest().keysDir()).isEmpty()) {
            ManifestKeys.make(config.manifest().keysDir(), SigningKey.generate(new SecureRandom()), 1,
                    InstantSource.system().instant(), Duration.ofDays(365));
        }
        Relay relay = Relay.create(config, InstantSource.system());
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

    /**
     * Puts {@code sites} in the store directory, publishes a one-item menu for them and puts it live at once (a
     * rollback plan: no sign-off): the calls behind an admin's and a publisher's requests, audited as actor "load".
     */
    void publishMenuFor(List<String> sites) {
        InstantSource clock = InstantSource.system();
        StoreDirectory directory = new StoreDirectory(relay.store(), relay.audit(), clock);
        for (String site : sites) {
            directory.put("load", new StoreProfile(site, "NA", "US", "America/New_York", List.of()), "load run");
        }
        Menus menus = new Menus(relay.store(), relay.audit(), clock, variant -> { }); // a load relay has no channels
        menus.createVariant("load", "main", "Main menu", "load run");
        menus.putLayer("load", "main", Scope.GLOBAL, Json.tree(MENU), null, null, "load run");
        menus.publish("load", "main", "load run");
        new Plans(relay.store(), relay.audit(), clock).rollback("load", "main", 1, Targets.ALL, "load run");
    }

    private static final String MENU = """
            {"currency": "USD", "locales": ["en-US"],
             "categories": {"burgers": {"names": {"en-US": "Burgers"}, "sort": 1}},
             "items": {"big-burger": {"names": {"en-US": "Big Burger"}, "price": {"amount_minor": 899, "currency": "USD"},
               "category": "burgers", "calories": 540, "allergens": {"contains": ["milk"], "may_contain": []}}}}""";

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
