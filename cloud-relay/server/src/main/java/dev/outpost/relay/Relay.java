package dev.outpost.relay;

import dev.outpost.api.json.ContractException;
import dev.outpost.api.runtime.Health;
import dev.outpost.api.runtime.Service;
import dev.outpost.relay.audit.AuditLog;
import dev.outpost.relay.fleet.FleetRoutes;
import dev.outpost.relay.fleet.FleetState;
import dev.outpost.relay.http.Responses;
import dev.outpost.relay.store.Store;
import io.javalin.Javalin;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import java.time.InstantSource;

/** The cloud relay's front door: {@code Relay.create(config, clock)}, {@link #start()}, {@link #close()}. */
public final class Relay implements Service {
    private final RelayConfig config;
    private final Store store;
    private final AuditLog audit;
    private final FleetState fleet;
    private final Javalin http;
    private volatile Health health;

    private Relay(RelayConfig config, InstantSource clock, Store store) {
        this.config = config;
        this.store = store;
        this.audit = new AuditLog(store, clock);
        this.fleet = new FleetState(clock, config.staleAfter());
        this.health = new Health("relay", "relay", Health.versionOf(Relay.class), "STARTING", clock.instant());
        FleetRoutes fleetRoutes = new FleetRoutes(fleet, clock);
        this.http = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/console";
                files.location = Location.CLASSPATH;
            });
            cfg.routes.get("/healthz", ctx -> Responses.json(ctx, health));
            fleetRoutes.register(cfg.routes);
            cfg.routes.exception(ContractException.class, (e, ctx) -> Responses.error(ctx, HttpStatus.BAD_REQUEST, e.getMessage()));
        });
    }

    /** Opens (and migrates) the store, then wires every feature; nothing listens until {@link #start()}. */
    public static Relay create(RelayConfig config, InstantSource clock) {
        Store store = Store.open(config.store());
        try {
            return new Relay(config, clock, store);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    @Override
    public void start() {
        http.start(config.host(), config.port());
        health = new Health("relay", "relay", health.version(), "RUNNING", health.startedAt());
    }

    /** The port the relay listens on; useful when configured with 0. */
    public int port() {
        return http.port();
    }

    public FleetState fleet() {
        return fleet;
    }

    public Store store() {
        return store;
    }

    public AuditLog audit() {
        return audit;
    }

    @Override
    public void close() {
        http.stop();
        store.close();
    }
}
