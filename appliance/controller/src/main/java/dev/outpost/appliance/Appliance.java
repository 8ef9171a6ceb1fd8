package dev.outpost.appliance;

import dev.outpost.api.client.RelayClient;
import dev.outpost.api.heartbeat.OutboxBacklog;
import dev.outpost.api.runtime.DataFormat;
import dev.outpost.api.runtime.Health;
import dev.outpost.api.runtime.SelfProbe;
import dev.outpost.api.runtime.Service;
import dev.outpost.appliance.broker.DeviceAccounts;
import dev.outpost.appliance.enroll.SiteIdentity;
import dev.outpost.appliance.flip.FlipCoordinator;
import dev.outpost.appliance.gates.HubRelay;
import dev.outpost.appliance.gates.HubService;
import dev.outpost.appliance.legacy.LegacyFollower;
import dev.outpost.appliance.legacy.LegacyGateway;
import dev.outpost.appliance.menu.MenuRoutes;
import dev.outpost.appliance.menu.MenuSync;
import dev.outpost.appliance.orders.KitchenFollower;
import dev.outpost.appliance.orders.OrderRoutes;
import dev.outpost.appliance.orders.Orders;
import dev.outpost.appliance.pos.staff.StaffSync;
import dev.outpost.appliance.pos.sync.CatalogSync;
import dev.outpost.appliance.pos.sync.CatalogSyncRoutes;
import dev.outpost.appliance.outbox.Outbox;
import dev.outpost.appliance.pos.PosEngine;
import dev.outpost.appliance.pos.SaleFollowers;
import dev.outpost.appliance.pos.PosRoutes;
import dev.outpost.appliance.pos.payment.PaymentProvider;
import dev.outpost.appliance.pos.payment.SimulatedQrProvider;
import dev.outpost.hal.printer.NetworkReceiptPrinter;
import dev.outpost.hal.printer.ReceiptPrinter;
import dev.outpost.appliance.presence.DeviceRegistry;
import dev.outpost.appliance.tier.OverrideRoutes;
import dev.outpost.appliance.tier.TierWatch;
import dev.outpost.appliance.uplink.HeartbeatUplink;
import dev.outpost.appliance.uplink.UplinkProbe;
import dev.outpost.api.json.Json;
import dev.outpost.site.broker.BrokerConfig;
import dev.outpost.site.broker.Credential;
import dev.outpost.site.broker.SiteBroker;
import dev.outpost.site.clock.ClockServer;
import dev.outpost.site.message.DeviceHeartbeat;
import dev.outpost.site.message.KitchenStation;
import dev.outpost.site.message.LobbyBoard;
import dev.outpost.site.message.Messages;
import dev.outpost.site.message.Presence;
import dev.outpost.site.message.PresenceState;
import dev.outpost.site.mqtt.ClientConfig;
import dev.outpost.site.mqtt.SiteMqttClient;
import dev.outpost.site.topic.Topics;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.tinylog.Logger;

/**
 * The site appliance's front door: {@code Appliance.create(config, clock)}, {@link #start()}, {@link #close()}.
 * It hosts the site broker, learns which devices are present, answers the site clock, serves the LAN and reports
 * to the relay; with {@code gates.mall-id} set it also runs the gate hub; with {@code menu.root-key} set it syncs the
 * site's menus, serves their blobs on the LAN, coordinates the flips of its screens, tells the screens the menu's tier
 * and takes managers' overrides. With {@code pos.enabled} it runs the store POS engine under {@code /v1/pos}, and
 * with menu sync on as well hands the engine the POS catalogs the manifests name. Any of them opens the outbox that
 * takes the gates' journals, the flips' reports, the menu tier's alarms and audit and the POS engine's sale events to
 * the relay. With {@code orders.enabled} it keeps the site's restaurant orders and tells the kitchen and lobby screens
 * about them. With {@code legacy.enabled = true} it forwards completed sales to the store's legacy POS
 * ({@link #legacy()}).
 */
public final class Appliance implements Service {
    /**
     * The format of what this release keeps in {@code data.dir}, recorded there ({@link DataFormat}); raise it in the
     * release whose data an older one would misread, so that older one refuses to start on it.
     */
    public static final int DATA_FORMAT = 1;
    private static final String SELF = "appliance";
    private static final LongSupplier MONOTONIC = System::nanoTime;

    private final ApplianceConfig config;
    private final InstantSource clock;
    private final String version = Health.versionOf(Appliance.class);
    private final DeviceRegistry devices;
    private final SiteIdentity identity;
    private final HeartbeatUplink uplink;
    private final ScheduledExecutorService scheduler;
    private final char[] selfPassword;
    private SiteBroker broker;
    private SiteMqttClient mqtt;
    private ClockServer clockServer;
    private volatile Javalin http;
    private volatile Outbox outbox;
    private HubService hub;
    private volatile MenuSync menus;
    private volatile CatalogSync catalogs;
    private volatile StaffSync staffSync;
    private volatile TierWatch tiers;
    private volatile FlipCoordinator flips;
    private volatile Orders orders;
    private volatile LegacyGateway legacy;
    private volatile PosEngine pos;
    private volatile UplinkProbe probe;
    private volatile Health health;

    private Appliance(ApplianceConfig config, InstantSource clock) {
        this.config = config;
        this.clock = clock;
        this.devices = new DeviceRegistry(config.siteId(), clock, config.deviceStaleAfter());
        RelayClient.Options relay = RelayClient.Options.of(config.relayUrl())
                .withConnectTimeout(config.relayTimeout()).withRequestTimeout(config.relayTimeout());
        this.identity = new SiteIdentity(config.siteId(), relay, config.enrollment().token(), config.dataDir(), clock);
        this.uplink = new HeartbeatUplink(config.siteId(), version, clock, identity::client, devices,
                this::pullMenus, this::outboxBacklog);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "appliance-" + config.siteId()));
        this.selfPassword = randomPassword();
        this.health = new Health("appliance", config.siteId(), version, "STARTING", clock.instant());
    }

    public static Appliance create(ApplianceConfig config, InstantSource clock) {
        return new Appliance(config, clock);
    }

    @Override
    public void start() throws IOException {
        Files.createDirectories(config.dataDir());
        Map<String, Credential> siteAccounts = DeviceAccounts.load(config.brokerAccounts());
        Map<String, Credential> accounts = new LinkedHashMap<>(siteAccounts);
        if (accounts.containsKey(SELF)) {
            throw new IllegalArgumentException("broker.accounts " + config.brokerAccounts() + ": the account name '" + SELF
                    + "' is the appliance's own; rename that device");
        }
        accounts.put(SELF, Credential.appliance(selfPassword));
        broker = SiteBroker.start(new BrokerConfig(config.siteId(), config.brokerHost(), config.brokerPort(),
                config.dataDir().resolve("broker"), config.brokerMaxMessage(), accounts));
        Logger.info("site {}: broker listening on {}:{} with {} device accounts", config.siteId(), config.brokerHost(),
                broker.port(), accounts.size() - 1);

        mqtt = SiteMqttClient.connect(new ClientConfig(URI.create("tcp://127.0.0.1:" + broker.port()), SELF, SELF,
                selfPassword, Optional.empty(), Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofSeconds(5)));
        mqtt.subscribe(Topics.allPresence(config.siteId()), 1, this::onPresence);
        mqtt.subscribe(Topics.allHeartbeats(config.siteId()), 0, (topic, payload) ->
                devices.onHeartbeat(Messages.decodeFrom(config.siteId(), topic, payload, DeviceHeartbeat.class)));
        clockServer = ClockServer.start(mqtt, config.siteId(), clock);
        if (config.gates().isPresent() || config.menus().rootKey().isPresent() || config.pos().enabled()) {
            outbox = Outbox.open(config.siteId(), config.dataDir().resolve("outbox.db"),
                    batch -> identity.client().postEvents(config.siteId(), batch), clock, MONOTONIC);
        }
        if (config.gates().isPresent()) {
            hub = HubService.start(config.siteId(), config.gates().get(), mqtt, HubRelay.over(config.siteId(), identity::client),
                    outbox, clock, MONOTONIC);
        }

        if (config.orders().enabled()) {
            orders = Orders.open(config.siteId(), config.orders(), config.dataDir(), clock, new Orders.Screens() {
                @Override
                public void station(KitchenStation station) {
                    retain(Topics.kdsStation(config.siteId(), station.station()), Messages.encode(station));
                }

                @Override
                public void lobby(LobbyBoard board) {
                    retain(Topics.lobby(config.siteId()), Messages.encode(board));
                }
            });
            Orders told = orders;
            mqtt.onConnectionChange(up -> {
                if (up) {
                    told.republish(); // what was published while the connection was down did not reach the broker
                }
            });
        }
        if (config.legacy().isPresent()) {
            legacy = LegacyGateway.start(config.legacy().get(), config.dataDir(), clock, MONOTONIC);
        }
        if (config.pos().enabled()) {
            // the only QR provider so far is the simulated one; a real one plugs in through PaymentProvider
            PaymentProvider qr = new SimulatedQrProvider();
            Map<String, ReceiptPrinter> printers = new LinkedHashMap<>();
            config.pos().printers().forEach((terminal, printer) -> printers.put(terminal,
                    new NetworkReceiptPrinter(printer)));
            // each paid sale also goes to the kitchen and to the legacy POS, where the store has them
            List<SaleFollowers.Follower> followers = new ArrayList<>();
            if (orders != null) {
                followers.add(new KitchenFollower(orders));
            }
            if (legacy != null) {
                followers.add(new LegacyFollower(legacy));
            }
            Outbox events = outbox;
            probe = UplinkProbe.start(config.siteId(), identity::client, config.relayProbePeriod(), clock,
                    events::retryNow);
            pos = PosEngine.open(config.siteId(), config.pos(), config.dataDir(), Optional.of(outbox), qr, printers,
                    followers, probe::reachable, clock, MONOTONIC);
            staffSync = StaffSync.start(config.siteId(), identity::client, config.pos().staffFile(config.dataDir()),
                    pos.staff(), config.pos().staffSyncPeriod());
        }
        if (config.menus().rootKey().isPresent()) {
            menus = MenuSync.start(config.siteId(), config.menus(), config.dataDir(), identity::client, clock, MONOTONIC,
                    new SplittableRandom());
            MenuSync sync = menus;
            Outbox events = outbox;
            tiers = TierWatch.start(config.siteId(), config.menus(), () -> sync.view().acceptedAt(), config.dataDir(),
                    tier -> mqtt.publish(Topics.menuTier(config.siteId()), Messages.encode(tier), 1, true),
                    events::append, clock);
            flips = FlipCoordinator.start(config.siteId(), config.flips(), mqtt, sync::held, devices::isPresent, clock,
                    config.dataDir(), outbox);
            if (pos != null) {
                catalogs = CatalogSync.start(config.siteId(), sync::held, url -> identity.client().blob(url),
                        pos.catalogs(), clock, MONOTONIC);
            }
        } else {
            Logger.info("site {}: menu sync is off: menu.root-key is not set (the root public key printed by"
                    + " ./outpost admin make-signing-keys); no menus are fetched or served", config.siteId());
        }
        OrderRoutes orderRoutes = new OrderRoutes(config.siteId(), Optional.ofNullable(orders));
        Optional<PosRoutes> posRoutes = Optional.ofNullable(pos).map(PosRoutes::new);
        MenuRoutes menuRoutes = new MenuRoutes(config.siteId(), Optional.ofNullable(menus));
        CatalogSyncRoutes catalogRoutes = new CatalogSyncRoutes(config.siteId(), Optional.ofNullable(catalogs));
        OverrideRoutes overrideRoutes = new OverrideRoutes(config.siteId(), Optional.ofNullable(tiers), siteAccounts);

        http = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.routes.get("/healthz", ctx -> json(ctx, health));
            cfg.routes.get("/v1/devices", ctx -> json(ctx, Map.of("site_id", config.siteId(), "devices", devices.snapshot())));
            cfg.routes.get("/v1/gates", this::gates);
            cfg.routes.get("/v1/flips", this::flips);
            cfg.routes.get("/v1/legacy", this::legacy);
            menuRoutes.register(cfg.routes);
            overrideRoutes.register(cfg.routes);
            orderRoutes.register(cfg.routes);
            catalogRoutes.register(cfg.routes);
            posRoutes.ifPresent(routes -> routes.register(cfg.routes));
        });
        http.start(config.httpHost(), config.httpPort());

        scheduler.scheduleAtFixedRate(uplink::send, 0, config.heartbeatPeriod().toMillis(), TimeUnit.MILLISECONDS);
        health = new Health("appliance", config.siteId(), version, "RUNNING", health.startedAt());
    }

    /**
     * The broker delivers a device's last will but never retains it, so the retained presence would still say
     * ONLINE to whoever subscribes later (this appliance after a restart, say). Retain the OFFLINE ourselves.
     */
    private void onPresence(String topic, byte[] payload) {
        Presence presence = Messages.decodeFrom(config.siteId(), topic, payload, Presence.class);
        if (devices.onPresence(presence) && presence.state() == PresenceState.OFFLINE) {
            mqtt.publish(topic, payload, 1, true);
        }
    }

    /** Publishes the screens' state retained; a failure is logged, and the state goes again when the link is back. */
    private void retain(String topic, byte[] payload) {
        mqtt.publish(topic, payload, 1, true).whenComplete((done, error) -> {
            if (error != null) {
                Logger.warn("site {}: {} not told to the screens yet: {}", config.siteId(), topic, error.getMessage());
            }
        });
    }

    /** The outbox's backlog for the heartbeat, while the site has an outbox. */
    private Optional<OutboxBacklog> outboxBacklog() {
        Outbox events = outbox;
        return events == null ? Optional.empty() : Optional.of(events.status().backlog());
    }

    /** The gate hub and its outbox at a glance; 404 on a site without gates. */
    private void gates(Context ctx) {
        if (hub == null) {
            ctx.status(404);
            json(ctx, Map.of("error", "site " + config.siteId() + ": no gate hub here (gates.mall-id is not set)"));
            return;
        }
        json(ctx, hub.view());
    }

    /** The site's flips with every screen's commit instant; 404 while menu sync is off. */
    private void flips(Context ctx) {
        if (flips == null) {
            ctx.status(404);
            json(ctx, Map.of("error", "site " + config.siteId() + ": no flips here (menu sync is off: menu.root-key is not set)"));
            return;
        }
        json(ctx, flips.view());
    }

    /** The legacy POS gateway at a glance; 404 when it is off. */
    private void legacy(Context ctx) {
        if (legacy == null) {
            ctx.status(404);
            json(ctx, Map.of("error", "site " + config.siteId() + ": no legacy POS gateway here (legacy.enabled is not true)"));
            return;
        }
        json(ctx, legacy.status());
    }

    /** The legacy POS gateway, when {@code legacy.enabled = true}: where the POS engine forwards completed sales. */
    public Optional<LegacyGateway> legacy() {
        return Optional.ofNullable(legacy);
    }

    /** The store POS engine, when {@code pos.enabled} is true. */
    public Optional<PosEngine> pos() {
        return Optional.ofNullable(pos);
    }

    /** The flip coordinator, when menu sync is on. */
    public Optional<FlipCoordinator> flips() {
        return Optional.ofNullable(flips);
    }

    /** Whether the LAN HTTP server answers its own {@code /healthz}; the relay or the WAN out of reach is not wedged. */
    @Override
    public Optional<String> wedged() {
        if (http == null) {
            return Optional.of("site " + config.siteId() + ": not started");
        }
        return SelfProbe.healthz(config.httpHost(), httpPort());
    }

    public int httpPort() {
        return http.port();
    }

    public int brokerPort() {
        return broker.port();
    }

    public DeviceRegistry devices() {
        return devices;
    }

    public SiteIdentity identity() {
        return identity;
    }

    public HeartbeatUplink uplink() {
        return uplink;
    }

    /** The menu tier told to the screens, when menu sync is on. */
    public Optional<TierWatch> tiers() {
        return Optional.ofNullable(tiers);
    }

    /** Menu sync, when {@code menu.root-key} is set. */
    public Optional<MenuSync> menus() {
        return Optional.ofNullable(menus);
    }

    /** Catalog sync, when menu sync and the POS engine are on. */
    public Optional<CatalogSync> catalogs() {
        return Optional.ofNullable(catalogs);
    }

    /** The staff sync from HQ, when the POS engine is on. */
    public Optional<StaffSync> staffSync() {
        return Optional.ofNullable(staffSync);
    }

    private void pullMenus() {
        MenuSync sync = menus;
        if (sync != null) {
            sync.pullNow();
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        if (tiers != null) {
            tiers.close();
        }
        if (hub != null) {
            hub.close();
        }
        if (flips != null) {
            flips.close();
        }
        if (staffSync != null) {
            staffSync.close();
        }
        if (catalogs != null) {
            catalogs.close();
        }
        if (orders != null) {
            orders.close();
        }
        if (pos != null) {
            pos.close();
        }
        if (probe != null) {
            probe.close();
        }
        if (legacy != null) {
            legacy.close();
        }
        if (outbox != null) {
            outbox.close();
        }
        if (menus != null) {
            menus.close();
        }
        identity.close();
        if (http != null) {
            http.stop();
        }
        if (clockServer != null) {
            clockServer.close();
        }
        if (mqtt != null) {
            mqtt.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static void json(Context ctx, Object body) {
        ctx.contentType("application/json").result(Json.write(body));
    }

    private static char[] randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).toCharArray();
    }
}
