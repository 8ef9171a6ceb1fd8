package dev.outpost.relay;

import dev.outpost.api.json.ContractException;
import dev.outpost.api.runtime.DataFormat;
import dev.outpost.api.runtime.Health;
import dev.outpost.api.runtime.SelfProbe;
import dev.outpost.api.runtime.Service;
import dev.outpost.relay.audit.AuditLog;
import dev.outpost.relay.audit.AuditRoutes;
import dev.outpost.relay.audit.AuditSearch;
import dev.outpost.relay.blob.BlobRoutes;
import dev.outpost.relay.catalog.CatalogRoutes;
import dev.outpost.relay.catalog.Catalogs;
import dev.outpost.relay.channel.ChannelRoutes;
import dev.outpost.relay.channel.Channels;
import dev.outpost.relay.fleet.FleetRoutes;
import dev.outpost.relay.fleet.FleetState;
import dev.outpost.relay.http.BodyLimit;
import dev.outpost.relay.http.HttpProblem;
import dev.outpost.relay.http.Responses;
import dev.outpost.relay.inbox.Inbox;
import dev.outpost.relay.inbox.InboxRoutes;
import dev.outpost.relay.manifest.ManifestRoutes;
import dev.outpost.relay.manifest.Manifests;
import dev.outpost.relay.menu.MenuRoutes;
import dev.outpost.relay.menu.Menus;
import dev.outpost.relay.occupancy.Ledger;
import dev.outpost.relay.occupancy.OccupancyRoutes;
import dev.outpost.relay.occupancy.OccupancyStream;
import dev.outpost.relay.pki.DevicePki;
import dev.outpost.relay.plan.PlanRoutes;
import dev.outpost.relay.plan.Plans;
import dev.outpost.relay.posstaff.PosStaff;
import dev.outpost.relay.posstaff.PosStaffRoutes;
import dev.outpost.relay.rollout.MenuStates;
import dev.outpost.relay.rollout.SiteTiers;
import dev.outpost.relay.rollout.RolloutRoutes;
import dev.outpost.relay.rollout.Rollouts;
import dev.outpost.relay.sales.Sales;
import dev.outpost.relay.sales.SalesProjection;
import dev.outpost.relay.sales.SalesRoutes;
import dev.outpost.relay.staff.StaffService;
import dev.outpost.relay.store.Store;
import dev.outpost.relay.stores.StoreDirectory;
import dev.outpost.relay.stores.StoreRoutes;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import java.time.InstantSource;
import java.util.Optional;

/** The cloud relay's front door: {@code Relay.create(config, clock)}, {@link #start()}, {@link #close()}. */
public final class Relay implements Service {
    /**
     * The format of what this release keeps in {@code data.dir}, recorded there ({@link DataFormat}); raise it in the
     * release whose data an older one would misread, so that older one refuses to start on it.
     */
    public static final int DATA_FORMAT = 1;

    private final RelayConfig config;
    private final Store store;
    private final AuditLog audit;
    private final FleetState fleet;
    private final DevicePki pki;
    private final StaffService staff;
    private final Ledger ledger;
    private final OccupancyStream occupancyStream;
    private final Channels channels;
    private final Javalin http;
    private volatile Health health;

    private Relay(RelayConfig config, InstantSource clock, Store store) {
        this.config = config;
        this.store = store;
        this.audit = new AuditLog(store, clock);
        this.fleet = new FleetState(store, clock, config.staleAfter());
        this.health = new Health("relay", "relay", Health.versionOf(Relay.class), "STARTING", clock.instant());
        this.pki = DevicePki.open(store, audit, clock, config.pki());
        this.staff = StaffService.create(store, audit, clock, config.staff());
        AuditRoutes auditRoutes = new AuditRoutes(audit, new AuditSearch(store), staff.access());
        Manifests manifests = new Manifests(store, clock, config.manifest());
        FleetRoutes fleetRoutes = new FleetRoutes(fleet, clock, staff.access(), manifests::pullNow);
        this.ledger = new Ledger(store, audit, clock, config.grantMargin(), config.staleAfter());
        Plans plans = new Plans(store, audit, clock);
        MenuStates menuStates = new MenuStates(plans);
        SalesProjection salesProjection = new SalesProjection();
        SiteTiers siteTiers = new SiteTiers();
        InboxRoutes inboxRoutes = new InboxRoutes(new Inbox(store, clock, (tx, site, stored, now) -> {
            ledger.gateEventsStored(tx, site, stored, now);
            menuStates.stored(tx, site, stored, now);
            salesProjection.stored(tx, site, stored, now);
            siteTiers.stored(tx, site, stored, now);
        }));
        this.occupancyStream = new OccupancyStream(ledger);
        OccupancyRoutes occupancyRoutes = new OccupancyRoutes(ledger, staff.access(), occupancyStream);
        SalesRoutes salesRoutes = new SalesRoutes(new Sales(store, clock, config.staleAfter()), staff.access());
        StoreRoutes storeRoutes = new StoreRoutes(new StoreDirectory(store, audit, clock), staff.access());
        this.channels = new Channels(store, audit, clock);
        ChannelRoutes channelRoutes = new ChannelRoutes(channels, staff.access());
        MenuRoutes menuRoutes = new MenuRoutes(new Menus(store, audit, clock, channels::menuPublished), staff.access(),
                clock);
        BlobRoutes blobRoutes = new BlobRoutes(store);
        CatalogRoutes catalogRoutes = new CatalogRoutes(new Catalogs(store, audit, clock), staff.access());
        PlanRoutes planRoutes = new PlanRoutes(plans, staff.access());
        PosStaffRoutes posStaffRoutes = new PosStaffRoutes(new PosStaff(store, audit, clock), staff.access());
        RolloutRoutes rolloutRoutes = new RolloutRoutes(new Rollouts(store, clock, config.staleAfter()), staff.access());
        ManifestRoutes manifestRoutes = new ManifestRoutes(manifests);
        this.http = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            // an event batch holds up to 1,000 envelopes: room for ~4 KB each (Javalin's default is 1 MB); only a catalog
            // snapshot may be larger (50,000 SKUs are 6 MB and more), so the reader's limit is that and the rest is 4 MB
            cfg.http.maxRequestSize = CatalogRoutes.MAX_BODY_BYTES;
            cfg.routes.before(ctx -> {
                if (CatalogRoutes.isPublish(ctx)) {
                    BodyLimit.refuseOver(ctx, CatalogRoutes.MAX_BODY_BYTES, "");
                } else {
                    BodyLimit.refuseOver(ctx, InboxRoutes.MAX_BODY_BYTES, " (only a catalog publish may be larger)");
                }
            });
            cfg.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/console";
                files.location = Location.CLASSPATH;
            });
            cfg.routes.get("/healthz", ctx -> Responses.json(ctx, health));
            pki.configure(cfg, config.host(), config.port());
            staff.register(cfg.routes);
            pki.adminRoutes(staff.access()).register(cfg.routes);
            auditRoutes.register(cfg.routes);
            fleetRoutes.register(cfg.routes);
            inboxRoutes.register(cfg.routes);
            occupancyRoutes.register(cfg.routes);
            salesRoutes.register(cfg.routes); // before storeRoutes: /v1/stores/overview is not a site
            storeRoutes.register(cfg.routes);
            menuRoutes.register(cfg.routes);
            channelRoutes.register(cfg.routes);
            blobRoutes.register(cfg.routes);
            catalogRoutes.register(cfg.routes);
            planRoutes.register(cfg.routes);
            posStaffRoutes.register(cfg.routes);
            rolloutRoutes.register(cfg.routes);
            manifestRoutes.register(cfg.routes);
            // a refusal reads what is left of the body (a request that succeeds has read it), and so does a 404 from no route
            cfg.routes.exception(HttpProblem.class, (e, ctx) -> refuse(ctx, e.status(), e.getMessage()));
            cfg.routes.exception(ContractException.class, (e, ctx) -> refuse(ctx, HttpStatus.BAD_REQUEST, e.getMessage()));
            cfg.routes.error(HttpStatus.NOT_FOUND, ctx -> BodyLimit.dropUnread(ctx, CatalogRoutes.MAX_BODY_BYTES));
        });
    }

    private static void refuse(Context ctx, HttpStatus status, String message) {
        BodyLimit.dropUnread(ctx, CatalogRoutes.MAX_BODY_BYTES);
        Responses.error(ctx, status, message);
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

    /** Whether the relay's HTTP server answers its own {@code /healthz}; a database out of reach is not wedged. */
    @Override
    public Optional<String> wedged() {
        return SelfProbe.healthz(config.host(), port());
    }

    /** The port the relay listens on; useful when configured with 0. */
    public int port() {
        return http.port();
    }

    /** The HTTPS port (device mutual TLS and enrollment); useful when configured with 0. */
    public int httpsPort() {
        return pki.httpsPort();
    }

    public DevicePki pki() {
        return pki;
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

    /** Staff accounts and the {@code access.require(ctx, role)} door for staff routes. */
    public StaffService staff() {
        return staff;
    }

    /** The occupancy ledger (malls, site blocks, capacity, mode). */
    public Ledger ledger() {
        return ledger;
    }

    @Override
    public void close() {
        occupancyStream.close();
        http.stop();
        channels.close();
        store.close();
    }
}
