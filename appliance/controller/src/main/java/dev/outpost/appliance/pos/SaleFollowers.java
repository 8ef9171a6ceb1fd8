package dev.outpost.appliance.pos;

import dev.outpost.api.event.EventEnvelope;
import dev.outpost.api.event.SalePaid;
import dev.outpost.api.event.SaleRefunded;
import dev.outpost.api.event.SaleVoided;
import dev.outpost.api.json.Json;
import dev.outpost.appliance.pos.catalog.CatalogStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tinylog.Logger;

/**
 * Hands each paid sale, and each void or refund of one, to what else in the store acts on it (the kitchen's orders,
 * the legacy POS), in sale order, exactly once in effect, off the cashier's thread.
 *
 * <p>Design: the {@code pos.sale.paid}, {@code pos.sale.voided} and {@code pos.sale.refunded} events in {@code pos.db}
 * are the log; each follower has its place in it
 * ({@code pos_follower}), moved on after it took a sale. A follower takes a sale idempotently by its transaction id,
 * so a crash between the two only hands that sale over again. A follower that fails stops there and is tried again on
 * the next sale or the engine's next check, so a sale is never skipped and never handed over out of order, unless the
 * follower refuses that sale for good ({@link Refused}): then it is logged at error and the next one goes.
 */
public final class SaleFollowers implements AutoCloseable {
    /** What acts on paid sales; {@link #paid} must be idempotent by transaction id and durable when it returns. */
    public interface Follower {
        /** A stable name: where it has got to is stored under it. */
        String name();

        /**
         * @param categories the category of each of the sale's skus the catalog held names
         * @throws Refused           when this sale can never be taken (the next one goes)
         * @throws RuntimeException  when it cannot be taken now (it is tried again)
         */
        void paid(SalePaid sale, Map<String, String> categories);

        /**
         * The sale {@code transactionId} was voided or refunded; idempotent like {@link #paid}, and thrown the same
         * way. By default there is nothing to undo.
         *
         * @param why {@code sale voided: <reason>} or {@code sale refunded: <reason>}
         */
        default void reversed(UUID transactionId, String why) {
        }
    }

    /** A follower will never take this sale; say why, naming the sale. */
    public static final class Refused extends RuntimeException {
        public Refused(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final int BATCH = 100;
    private static final List<String> FOLLOWED = List.of(SalePaid.TYPE, SaleVoided.TYPE, SaleRefunded.TYPE);

    private final String site;
    private final PosDb db;
    private final CatalogStore catalogs;
    private final List<Follower> followers;
    private final ExecutorService worker;
    private final AtomicBoolean queued = new AtomicBoolean();
    private final Map<String, String> failing = new HashMap<>();

    private SaleFollowers(String site, PosDb db, CatalogStore catalogs, List<Follower> followers) {
        this.site = site;
        this.db = db;
        this.catalogs = catalogs;
        this.followers = List.copyOf(followers);
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "pos-followers-" + site);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts handing over: what is owed from before at once, then after every commit that wrote events. */
    static SaleFollowers start(String site, PosDb db, CatalogStore catalogs, List<Follower> followers) {
        SaleFollowers started = new SaleFollowers(site, db, catalogs, followers);
        for (Follower follower : started.followers) {
            db.followed(follower.name()); // a new follower starts from here, not from the file's first sale
        }
        if (!started.followers.isEmpty()) {
            db.onEvents(started::wake);
            started.wake();
        }
        return started;
    }

    /** Hands over what is owed, soon, on the followers' own thread. */
    void wake() {
        if (followers.isEmpty() || !queued.compareAndSet(false, true)) {
            return;
        }
        try {
            worker.execute(() -> {
                queued.set(false);
                followers.forEach(this::catchUp);
            });
        } catch (RejectedExecutionException closed) {
            queued.set(false);
        }
    }

    private void catchUp(Follower follower) {
        String name = follower.name();
        try {
            while (true) {
                List<EventEnvelope> sales = db.eventsAfter(db.followed(name), FOLLOWED, BATCH);
                for (EventEnvelope event : sales) {
                    try {
                        handOver(follower, event);
                    } catch (Refused e) {
                        Logger.error("site {}: the {} refused a {} for good, left out: {}", site, name, event.type(),
                                e.getMessage());
                    }
                    db.followedTo(name, event.sequence());
                }
                if (sales.size() < BATCH) {
                    break;
                }
            }
            if (failing.remove(name) != null) {
                Logger.info("site {}: paid sales reach the {} again", site, name);
            }
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            if (!message.equals(failing.put(name, message))) {
                Logger.warn("site {}: paid sales wait for the {}, tried again on the next sale or within a second: {}",
                        site, name, message);
            }
        }
    }

    private void handOver(Follower follower, EventEnvelope event) {
        switch (event.type()) {
            case SalePaid.TYPE -> {
                SalePaid sale = Json.convert(event.payload(), SalePaid.class);
                Map<String, String> categories = new HashMap<>();
                sale.lines().forEach(line -> catalogs.category(sale.catalog(), line.sku())
                        .ifPresent(category -> categories.put(line.sku(), category)));
                follower.paid(sale, categories);
            }
            case SaleVoided.TYPE -> {
                SaleVoided voided = Json.convert(event.payload(), SaleVoided.class);
                follower.reversed(voided.transactionId(), "sale voided: " + voided.reason());
            }
            case SaleRefunded.TYPE -> {
                SaleRefunded refunded = Json.convert(event.payload(), SaleRefunded.class);
                follower.reversed(refunded.transactionId(), "sale refunded: " + refunded.reason());
            }
            default -> throw new IllegalStateException("pos followers: not a followed event type: " + event.type());
        }
    }

    @Override
    public void close() {
        worker.shutdown();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
