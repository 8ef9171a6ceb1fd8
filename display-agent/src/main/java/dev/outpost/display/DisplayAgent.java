package dev.outpost.display;

import dev.outpost.api.runtime.DataFormat;
import dev.outpost.api.runtime.Health;
import dev.outpost.api.runtime.SelfProbe;
import dev.outpost.api.runtime.Service;
import com.sun.net.httpserver.HttpHandler;
import dev.outpost.display.flip.FlipParticipant;
import dev.outpost.display.kds.KdsPage;
import dev.outpost.display.kds.StationCommands;
import dev.outpost.display.lobby.LobbyPage;
import dev.outpost.display.page.ApplianceHttp;
import dev.outpost.display.pos.Peripherals;
import dev.outpost.display.pos.PosPage;
import dev.outpost.display.pos.Till;
import dev.outpost.display.retained.Retained;
import dev.outpost.display.menu.MenuFiles;
import dev.outpost.display.menu.ShownMenu;
import dev.outpost.display.page.MenuPage;
import dev.outpost.display.tier.Screen;
import dev.outpost.display.tier.SiteTier;
import dev.outpost.site.clock.SiteClock;
import dev.outpost.site.clock.SiteScheduler;
import dev.outpost.site.message.KitchenStation;
import dev.outpost.site.message.LobbyBoard;
import dev.outpost.site.presence.DeviceRuntime;
import dev.outpost.site.topic.Topics;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The display agent's front door: {@code DisplayAgent.create(config, clock)}, {@link #start()}, {@link #close()}.
 * It links to its site (presence, heartbeats, the site clock), takes part in flips ({@link FlipParticipant}), hears
 * the site's menu tier ({@link SiteTier}), shows the menu as its tier allows ({@link Screen}) on an HTML page that
 * switches in place by server-sent events ({@link MenuPage}, {@code GET /}) and serves {@code GET /status}. In role
 * {@code kds} its page is instead its kitchen station's tickets ({@link KdsPage}), in role {@code lobby} the order
 * numbers preparing and ready ({@link LobbyPage}), both as the appliance publishes them retained over the site broker;
 * in role {@code pos} the cashier's page ({@link PosPage}) over the appliance's POS engine, with the terminal's
 * printer, drawer and scanner ({@link Peripherals}).
 */
public final class DisplayAgent implements Service {
    /**
     * The format of what this release keeps in {@code data.dir}, recorded there ({@link DataFormat}); raise it in the
     * release whose data an older one would misread, so that older one refuses to start on it.
     */
    public static final int DATA_FORMAT = 1;
    private static final Duration BLOB_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);
    private final DisplayConfig config;
    private final InstantSource clock;
    private volatile DeviceRuntime runtime;
    private volatile SiteScheduler scheduler;
    private volatile FlipParticipant flips;
    private volatile SiteTier tiers;
    private volatile Retained<KitchenStation> station;
    private volatile Retained<LobbyBoard> lobby;
    private volatile Peripherals peripherals;

    private DisplayAgent(DisplayConfig config, InstantSource clock) {
        this.config = config;
        this.clock = clock;
    }

    /** @param clock this device's own wall clock; flips run on site time, estimated against the appliance */
    public static DisplayAgent create(DisplayConfig config, InstantSource clock) {
        return new DisplayAgent(config, clock);
    }

    @Override
    public void start() throws IOException {
        Supplier<?> status = this::status;
        MenuPage page = new MenuPage(config.device().deviceId(), config.menu().locale(), this::screen);
        String device = config.device().deviceId();
        String site = config.device().siteId();
        ApplianceHttp appliance = new ApplianceHttp(device, config.menu().applianceUrl(), COMMAND_TIMEOUT);
        Map<String, HttpHandler> pages = switch (config.role()) {
            case KDS -> new KdsPage(device, config.station().orElseThrow(),
                    () -> station == null ? Optional.empty() : station.heard(), this::siteNow,
                    new StationCommands(appliance, config.station().orElseThrow())).handlers();
            case LOBBY -> new LobbyPage(() -> lobby == null ? Optional.empty() : lobby.heard()).handlers();
            case POS -> {
                peripherals = Peripherals.open(device, config.pos(), clock);
                yield new PosPage(new Till(device, appliance, peripherals),
                        Locale.forLanguageTag(config.menu().locale()), ZoneId.systemDefault()).handlers();
            }
            default -> page.handlers();
        };
        try {
            runtime = DeviceRuntime.start("display", config.role().name().toLowerCase(Locale.ROOT), config.device(),
                    Health.versionOf(DisplayAgent.class), clock, Map.of("/status", status), pages);
            SiteClock siteClock = runtime.link().siteClock();
            if (config.role() == DisplayRole.KDS) {
                station = Retained.listen(device, Topics.kdsStation(site, config.station().orElseThrow()),
                        KitchenStation.class, runtime.link().mqtt());
            } else if (config.role() == DisplayRole.LOBBY) {
                lobby = Retained.listen(device, Topics.lobby(site), LobbyBoard.class, runtime.link().mqtt());
            }
            scheduler = SiteScheduler.start("display-flip-" + config.device().deviceId(), siteClock);
            flips = FlipParticipant.start(config.device().siteId(), config.device().deviceId(), config.menu(),
                    runtime.link().mqtt(), siteClock, scheduler, new MenuFiles(config.device().deviceId(),
                            config.device().dataDir()), FlipParticipant.BlobSource.http(config.menu().applianceUrl(),
                            BLOB_TIMEOUT));
            flips.onSwap(menu -> page.changed());
            tiers = SiteTier.listen(config.device().siteId(), config.device().deviceId(), runtime.link().mqtt());
            tiers.onChange(tier -> page.changed());
        } catch (RuntimeException | IOException e) {
            close();
            throw e;
        }
    }

    public Health health() {
        return runtime.health();
    }

    /** The site clock this agent keeps (its offset to the appliance). */
    public SiteClock siteClock() {
        return runtime.link().siteClock();
    }

    /** The menu on screen now. */
    public ShownMenu shown() {
        return flips.shown();
    }

    public FlipParticipant flips() {
        return flips;
    }

    private Instant siteNow() {
        DeviceRuntime linked = runtime;
        return linked == null ? clock.instant() : linked.link().siteClock().instant();
    }

    /** What the screen shows now: the menu on screen as the site's tier allows it. */
    public Screen screen() {
        Instant now = siteNow();
        return Screen.of(flips == null ? MenuFiles.failSafe() : flips.shown(),
                tiers == null ? Optional.empty() : tiers.heard(), now);
    }

    public DisplayStatus status() {
        ShownMenu shown = flips.shown();
        Screen screen = screen();
        SiteClock site = runtime.link().siteClock();
        return new DisplayStatus(config.device().deviceId(), Health.versionOf(DisplayAgent.class), runtime.state(),
                screen.tier(), screen.told(), screen.overrideUntil(), screen.failSafe(), config.menu().variant(),
                config.menu().locale(), shown.versionId(), shown.sha256(), shown.flipId(), shown.committedAt(),
                shown.autonomous(), flips.lastRefusal(), site.offset().toMillis(), site.isSynced());
    }

    /** Whether the agent's HTTP server answers its own {@code /healthz}; the site broker out of reach is not wedged. */
    @Override
    public Optional<String> wedged() {
        DeviceRuntime current = runtime;
        if (current == null) {
            return Optional.of("display " + config.device().deviceId() + ": not started");
        }
        return SelfProbe.healthz(config.device().httpHost(), current.httpPort());
    }

    public int httpPort() {
        return runtime.httpPort();
    }

    /** A POS terminal's printer, drawer and scanner (role pos, after {@link #start()}). */
    public Peripherals peripherals() {
        return peripherals;
    }

    @Override
    public void close() {
        if (peripherals != null) {
            peripherals.close();
        }
        if (station != null) {
            station.close();
        }
        if (lobby != null) {
            lobby.close();
        }
        if (tiers != null) {
            tiers.close();
        }
        if (flips != null) {
            flips.close();
        }
        if (scheduler != null) {
            scheduler.close();
        }
        if (runtime != null) {
            runtime.close();
        }
    }
}
