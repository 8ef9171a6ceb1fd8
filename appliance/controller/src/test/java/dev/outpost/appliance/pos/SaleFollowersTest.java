package dev.outpost.appliance.pos;

import static dev.outpost.appliance.pos.Catalogs.SITE;
import static dev.outpost.appliance.pos.Catalogs.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.outpost.api.event.SalePaid;
import dev.outpost.api.event.SalePayment;
import dev.outpost.api.event.SaleRefunded;
import dev.outpost.api.event.SaleVoided;
import dev.outpost.appliance.Eventually;
import dev.outpost.appliance.pos.catalog.CatalogStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Paid sales reach each follower in order, once in effect, past failures, restarts and sales it refuses. */
class SaleFollowersTest {
    @TempDir
    Path dir;

    /** Takes sales by transaction id, as the kitchen and the legacy POS do; fails or refuses when told. */
    static final class Taker implements SaleFollowers.Follower {
        final List<String> taken = new ArrayList<>();
        final List<String> handed = new ArrayList<>();
        final List<String> reversed = new ArrayList<>();
        final List<Map<String, String>> categories = new ArrayList<>();
        final AtomicInteger failures = new AtomicInteger();
        volatile String refuse = "";

        @Override
        public String name() {
            return "taker";
        }

        @Override
        public synchronized void paid(SalePaid sale, Map<String, String> categories) {
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("taker: down");
            }
            if (sale.transactionId().toString().equals(refuse)) {
                throw new SaleFollowers.Refused("sale " + sale.transactionId() + ": never", null);
            }
            handed.add(sale.transactionId().toString());
            if (!taken.contains(sale.transactionId().toString())) {
                taken.add(sale.transactionId().toString());
                this.categories.add(categories);
            }
        }

        @Override
        public synchronized void reversed(UUID transactionId, String why) {
            reversed.add(transactionId + " " + why);
        }

        synchronized List<String> taken() {
            return List.copyOf(taken);
        }
    }

    static UUID id(int n) {
        return UUID.nameUUIDFromBytes(("sale-" + n).getBytes());
    }

    static String sell(PosDb db, int n) {
        UUID id = id(n);
        db.inTransaction("sell " + n, () -> {
            db.event(SalePaid.TYPE, T0, new SalePaid(id, "till-1", "c-1", "2026-11-21", "main", 7, "USD",
                    List.of(new SalePaid.Line("COLA-330", "Cola 330 ml", 1, 199, 0, 16, 215),
                            new SalePaid.Line("GONE-1", "Gone", 1, 100, 0, 0, 100)),
                    299, 0, 16, 315, List.of(new SalePayment(SalePayment.CASH, "cash", 315, (String) null)), 0, T0));
            db.event("pos.login.alarm", T0, Map.of("n", n)); // not a paid sale: not handed over
            return null;
        });
        return id.toString();
    }

    @Test
    void salesReachTheFollowerInOrderPastFailuresAndRefusalsAndARestartDoesNotHandThemOverTwice() {
        Taker taker = new Taker();
        List<String> sold = new ArrayList<>(); // what the taker takes: not the sale before it was on, nor the refused one
        try (PosDb db = PosDb.open(dir.resolve("pos.db"), SITE, () -> T0, Optional.empty())) {
            sell(db, 0); // sold before the follower was switched on: not replayed
            CatalogStore catalogs = new CatalogStore(db, SITE, () -> T0);
            catalogs.offer(Catalogs.basic(7, T0.minusSeconds(60)));
            try (SaleFollowers followers = SaleFollowers.start(SITE, db, catalogs, List.of(taker))) {
                taker.failures.set(3);
                sold.add(sell(db, 1));
                sold.add(sell(db, 2));
                Eventually.until("both sales taken after the failures", () -> {
                    followers.wake(); // what the engine's check does once a second
                    return taker.taken().size() == 2;
                });
                assertEquals(0, taker.failures.get(), "taken only once the taker was up again");
                taker.refuse = id(3).toString();
                sell(db, 3);
                sold.add(sell(db, 4));
                Eventually.until("the sale after the refused one taken", () -> taker.taken().size() == 3);
            }
        }
        assertEquals(sold, taker.taken(), "in order; the refused one left out");
        assertEquals(Map.of("COLA-330", "drinks"), taker.categories.getFirst(), "categories from the catalog held");

        try (PosDb db = PosDb.open(dir.resolve("pos.db"), SITE, () -> T0, Optional.empty());
             SaleFollowers followers = SaleFollowers.start(SITE, db, new CatalogStore(db, SITE, () -> T0), List.of(taker))) {
            sold.add(sell(db, 5));
            Eventually.until("the sale after the restart taken", () -> taker.taken().size() == 4);
            assertEquals(11, db.followed("taker"), "the follower is past the last paid sale (each sale wrote two events)");
        }
        assertEquals(sold, taker.taken());
        assertEquals(taker.taken(), taker.handed, "no sale handed over twice, a restart included");
    }

    @Test
    void voidsAndRefundsReachTheFollowerAfterTheSaleTheyReverseInLogOrder() {
        Taker taker = new Taker();
        try (PosDb db = PosDb.open(dir.resolve("pos.db"), SITE, () -> T0, Optional.empty());
             SaleFollowers followers = SaleFollowers.start(SITE, db, new CatalogStore(db, SITE, () -> T0),
                     List.of(taker))) {
            String one = sell(db, 1);
            String two = sell(db, 2);
            List<SalePayment> cash = List.of(new SalePayment(SalePayment.CASH, "cash", 315, (String) null));
            db.inTransaction("void and refund", () -> {
                db.event(SaleVoided.TYPE, T0, new SaleVoided(id(2), "2026-11-21", "USD", 315, cash, "m-1",
                        "wrong item", T0));
                db.event(SaleRefunded.TYPE, T0, new SaleRefunded(id(1), "2026-11-21", "2026-11-21", "USD", 315, cash,
                        "m-1", "cold", T0));
                return null;
            });
            Eventually.until("both reversals handed over", () -> {
                synchronized (taker) {
                    return taker.reversed.size() == 2;
                }
            });
            synchronized (taker) {
                assertEquals(List.of(one, two), taker.taken);
                assertEquals(List.of(two + " sale voided: wrong item", one + " sale refunded: cold"), taker.reversed);
            }
        }
    }
}
