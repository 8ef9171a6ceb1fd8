package dev.outpost.appliance.pos;

import dev.outpost.appliance.outbox.Outbox;
import dev.outpost.appliance.outbox.OutboxStatus;
import dev.outpost.appliance.pos.catalog.CatalogStore;
import dev.outpost.appliance.pos.inventory.Inventory;
import dev.outpost.appliance.pos.offline.OfflineRule;
import dev.outpost.appliance.pos.payment.PaymentProvider;
import dev.outpost.appliance.pos.receipt.Receipts;
import dev.outpost.appliance.pos.report.CashierReport;
import dev.outpost.appliance.pos.report.DayReport;
import dev.outpost.appliance.pos.report.InventoryReport;
import dev.outpost.appliance.pos.sale.Checkout;
import dev.outpost.appliance.pos.staff.Staff;
import dev.outpost.appliance.pos.staff.StaffFile;
import dev.outpost.hal.printer.ReceiptPrinter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.tinylog.Logger;

/**
 * The store POS engine's front door: {@link #open} wires the catalog store, staff login, the offline rule, the
 * checkout, inventory and receipts over one {@code pos.db}, and runs a check every second that applies catalogs whose effective time has come
 * and hands the outbox any event a failed handover left. {@link PosRoutes} serves it on the LAN.
 */
public final class PosEngine implements AutoCloseable {
    private final String site;
    private final PosConfig config;
    private final PosDb db;
    private final CatalogStore catalogs;
    private final Staff staff;
    private final OfflineRule offline;
    private final Checkout checkout;
    private final Inventory inventory;
    private final Optional<Outbox> outbox;
    private final PaymentProvider qr;
    private final Receipts receipts;
    private final Map<String, ReceiptPrinter> printers;
    private final ScheduledExecutorService scheduler;
    private final SaleFollowers followers;
    private final BooleanSupplier relayReachable;
    private final InstantSource clock;

    private PosEngine(String site, PosConfig config, InstantSource clock, PosDb db, CatalogStore catalogs, Staff staff,
                      OfflineRule offline, Checkout checkout, Inventory inventory, Optional<Outbox> outbox,
                      PaymentProvider qr, Map<String, ReceiptPrinter> printers, SaleFollowers followers,
                      BooleanSupplier relayReachable) {
        this.site = site;
        this.clock = clock;
        this.relayReachable = relayReachable;
        this.followers = followers;
        this.config = config;
        this.db = db;
        this.catalogs = catalogs;
        this.staff = staff;
        this.offline = offline;
        this.checkout = checkout;
        this.inventory = inventory;
        this.outbox = outbox;
        this.qr = qr;
        this.printers = Map.copyOf(printers);
        this.receipts = new Receipts(db, checkout, terminal -> Optional.ofNullable(this.printers.get(terminal)), site,
                config.zone(), clock);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pos-" + site);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens {@code data.dir/pos.db}, applies the catalogs that came due while the appliance was down and starts the
     * check.
     *
     * @param outbox    where events go; empty keeps them in {@code pos.db} (and the offline rule then never sees a
     *                  delivery)
     * @param printers  each terminal's receipt printer; the engine closes them
     * @param followers what else in the store acts on each paid sale (the kitchen, the legacy POS)
     * @param relayReachable whether the relay answers the site's probes now (the terminals' OFFLINE badge)
     */
    public static PosEngine open(String site, PosConfig config, Path dataDir, Optional<Outbox> outbox,
                                 PaymentProvider qr, Map<String, ReceiptPrinter> printers,
                                 List<SaleFollowers.Follower> followers, BooleanSupplier relayReachable,
                                 InstantSource clock, LongSupplier ticker) {
        PosDb db = PosDb.open(dataDir.resolve("pos.db"), site, clock, outbox);
        CatalogStore catalogs = new CatalogStore(db, site, clock);
        Staff staff = new Staff(db, new StaffFile(config.staffFile(dataDir)), clock);
        OfflineRule offline = new OfflineRule(db, () -> outbox.map(o -> o.status().lastDeliveredAt()),
                config.offlineLimit(), clock);
        Inventory inventory = new Inventory(db, clock);
        Checkout checkout = new Checkout(db, catalogs, staff, offline, inventory, qr, config, clock, ticker);
        PosEngine engine = new PosEngine(site, config, clock, db, catalogs, staff, offline, checkout,
                inventory, outbox, qr, printers, SaleFollowers.start(site, db, catalogs, followers), relayReachable);
        engine.tick();
        engine.scheduler.scheduleWithFixedDelay(engine::tick, 1, 1, TimeUnit.SECONDS);
        Logger.info("site {}: pos engine on, selling from catalog {} ({})", site, config.catalog(),
                catalogs.heldVersion(config.catalog()).isPresent()
                        ? "v" + catalogs.heldVersion(config.catalog()).getAsLong() : "none held yet");
        return engine;
    }

    /** The scheduled check: due catalogs applied, left-over events handed over, paid sales owed to followers sent. */
    public void tick() {
        try {
            catalogs.applyDue();
            db.retry();
            followers.wake();
        } catch (RuntimeException e) {
            Logger.error(e, "site {}: pos check failed, trying again in a second: {}", site, e.getMessage());
        }
    }

    public CatalogStore catalogs() {
        return catalogs;
    }

    public Staff staff() {
        return staff;
    }

    public Checkout checkout() {
        return checkout;
    }

    public OfflineRule offline() {
        return offline;
    }

    /** The end-of-day report of a business day (YYYY-MM-DD, store time). */
    public DayReport dayReport(String day) {
        return DayReport.of(db, config.zone(), day);
    }

    /** Each employee's figures over business days {@code from} to {@code to} (YYYY-MM-DD, store time). */
    public CashierReport cashierReport(String from, String to) {
        return CashierReport.of(db, config.zone(), from, to);
    }

    /** The inventory snapshot now, valued at the held catalog's base prices. */
    public InventoryReport inventoryReport() {
        return InventoryReport.of(db, config.catalog(), clock.instant());
    }

    public Inventory inventory() {
        return inventory;
    }

    public Receipts receipts() {
        return receipts;
    }

    /** The QR payment provider. */
    public PaymentProvider qr() {
        return qr;
    }

    public PosDb db() {
        return db;
    }

    /**
     * The engine at a glance, for terminals (the OFFLINE badge and the last sync) and staff.
     *
     * @param outboxPending    events waiting in the outbox for the relay
     * @param outboxOldestAgeMs how long the oldest has waited, or null
     * @param lastDelivery     the last delivery to the relay the engine knows of (its "last sync"), null when none
     * @param relayReachable   whether the relay answers the site's probes (three unanswered in a row: no)
     * @param offline          no delivery for longer than {@code pos.offline-limit}: new sales need an override
     */
    public record Status(String siteId, String catalog, Long catalogVersion, List<Long> pendingCatalogVersions,
                         long unsentEvents, Long outboxPending, Long outboxOldestAgeMs, Instant lastDelivery,
                         boolean relayReachable, boolean offline, boolean offlineOverridden) {
    }

    public Status status() {
        OfflineRule.State state = offline.state();
        Optional<OutboxStatus> box = outbox.map(Outbox::status);
        var held = catalogs.heldVersion(config.catalog());
        return new Status(site, config.catalog(), held.isPresent() ? held.getAsLong() : null,
                catalogs.pending(config.catalog()), db.unsent(), box.map(OutboxStatus::pending).orElse(null),
                box.map(OutboxStatus::oldestAgeMs).orElse(null), state.lastDelivery().orElse(null),
                relayReachable.getAsBoolean(), state.offline(),
                state.overridden());
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        followers.close();
        printers.values().forEach(ReceiptPrinter::close);
        db.close();
    }
}
