package dev.outpost.appliance.pos.inventory;

import static dev.outpost.appliance.pos.Catalogs.SITE;
import static dev.outpost.appliance.pos.Catalogs.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.outpost.api.event.EventEnvelope;
import dev.outpost.api.event.StockLow;
import dev.outpost.api.json.Json;
import dev.outpost.appliance.pos.Catalogs;
import dev.outpost.appliance.pos.PosConfig;
import dev.outpost.appliance.pos.PosDb;
import dev.outpost.appliance.pos.PosException;
import dev.outpost.appliance.pos.Till;
import dev.outpost.appliance.pos.catalog.CatalogStore;
import dev.outpost.appliance.pos.offline.OfflineRule;
import dev.outpost.appliance.pos.payment.SimulatedQrProvider;
import dev.outpost.appliance.pos.sale.Checkout;
import dev.outpost.appliance.pos.staff.Session;
import dev.outpost.appliance.pos.staff.Staff;
import dev.outpost.appliance.pos.staff.StaffFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryTest {
    @TempDir
    Path dir;

    @Test
    void adjustmentsNeedAReasonCodeCountsFlagShrinkageAboveFivePercentAndABadOneChangesNothing() {
        try (PosDb db = PosDb.open(dir.resolve("pos.db"), SITE, () -> T0, Optional.empty())) {
            Inventory inventory = new Inventory(db, () -> T0);
            assertEquals(new Inventory.Level("COLA-330", 24, 0, 24),
                    inventory.adjust("COLA-330", 24, "received", "m-1", "delivery 118"));
            assertEquals(22, inventory.adjust("COLA-330", -2, "DAMAGED", "m-1", null).onHand());
            PosException bad = assertThrows(PosException.class, () -> inventory.adjust("COLA-330", -1, "lost", "m-1",
                    null));
            assertEquals("inventory adjustment: reason: must be one of received, returned, damaged, theft,"
                    + " count_correction, was 'lost'", bad.getMessage());
            assertEquals("inventory adjustment: delta: must not be 0", assertThrows(PosException.class,
                    () -> inventory.adjust("COLA-330", 0, "theft", "m-1", null)).getMessage());
            assertEquals(22, inventory.level("COLA-330").onHand());
            assertEquals("inventory count: counted: must not be negative, was -1", assertThrows(PosException.class,
                    () -> inventory.count("COLA-330", -1, "m-1")).getMessage());
            Inventory.Count count = inventory.count("COLA-330", 20, "m-1");
            assertEquals(new Inventory.Count("COLA-330", 22, 20, -2, 100.0 * 2 / 22, true), count);
            assertEquals(20, inventory.level("COLA-330").onHand());
            assertEquals(false, inventory.count("COLA-330", 19, "m-1").flagged(), "5 % exactly is not flagged");
            List<String> audit = db.auditTrail().subList(0, 2);
            assertEquals(List.of(T0 + " - m-1 stock-adjustment: COLA-330 +24 received: delivery 118",
                    T0 + " - m-1 stock-adjustment: COLA-330 -2 damaged"), audit);
        }
    }

    @Test
    void aSaleOrAnAdjustmentThatTakesStockToItsLowLevelAlertsOncePerCrossingInTheSameTransaction() throws Exception {
        Till.writeStaff(dir.resolve("staff.json"));
        AtomicLong nanos = new AtomicLong();
        try (PosDb db = PosDb.open(dir.resolve("pos.db"), SITE, () -> T0, Optional.empty())) {
            CatalogStore catalogs = new CatalogStore(db, SITE, () -> T0);
            catalogs.offer(Catalogs.basic(1, T0));
            Staff staff = new Staff(db, new StaffFile(dir.resolve("staff.json")), () -> T0);
            Inventory inventory = new Inventory(db, () -> T0);
            Checkout checkout = new Checkout(db, catalogs, staff, new OfflineRule(db, Optional::empty,
                    Duration.ofHours(24), () -> T0), inventory, new SimulatedQrProvider(), PosConfig.defaults(),
                    () -> T0, nanos::get);
            Session till = staff.login("till-1", "c-1", "1111");
            inventory.adjust("COLA-330", 7, "received", "m-1", "");
            assertEquals("low-stock level of COLA-330: level: must not be negative, was -1",
                    assertThrows(PosException.class, () -> inventory.setLowLevel("COLA-330", -1, "m-1", "reorder"))
                            .getMessage());
            assertEquals("low-stock level of COLA-330: reason: must not be blank", assertThrows(PosException.class,
                    () -> inventory.setLowLevel("COLA-330", 5, "m-1", " ")).getMessage());
            assertEquals(List.of(), inventory.low(), "a refused level set nothing");
            assertEquals(false, inventory.setLowLevel("COLA-330", 5, "m-1", "reorder at a case").low());

            sell(checkout, till, nanos); // 6 left
            assertEquals(List.of(), lowAlerts(db));
            String draft = checkout.open(till).transactionId();
            nanos.addAndGet(Duration.ofSeconds(10).toNanos());
            checkout.scan(till, draft, "5000112637922"); // reserves one: 5 available, but no move yet
            assertEquals(List.of(), lowAlerts(db), "a reservation alone is no move");
            String voided = sell(checkout, till, nanos); // 5 on hand, 4 available
            List<StockLow> alerts = lowAlerts(db);
            assertEquals(List.of(new StockLow("COLA-330", 5, 4, 5, "sale", T0)), alerts);
            List<String> types = db.events().stream().map(EventEnvelope::type).toList();
            assertEquals(List.of("pos.sale.paid", "pos.sale.paid", "pos.stock.low"), types,
                    "the alert commits with the sale that took the stock low");
            sell(checkout, till, nanos); // 3 available: still low, no second alert
            checkout.voidSale(till, voided, "m-1", "9999", "wrong item"); // 4 available: a restock never alerts
            assertEquals(1, lowAlerts(db).size());
            assertEquals(List.of(new Inventory.Low("COLA-330", 5, 1, 4, 5, T0)), inventory.low());

            inventory.adjust("COLA-330", 10, "received", "m-1", ""); // 14 available: above, re-armed
            assertEquals(List.of(), inventory.low());
            inventory.adjust("COLA-330", -9, "damaged", "m-1", "dropped a case"); // 5 available: crossing again
            assertEquals(new StockLow("COLA-330", 6, 5, 5, "adjustment", T0), lowAlerts(db).get(1));
            inventory.count("COLA-330", 20, "m-1"); // above again
            inventory.count("COLA-330", 2, "m-1");
            assertEquals(new StockLow("COLA-330", 2, 1, 5, "count", T0), lowAlerts(db).get(2));
            assertEquals(T0 + " - m-1 stock-low-level: COLA-330 level 5: reorder at a case",
                    db.auditTrail().get(2));
        }
    }

    static List<StockLow> lowAlerts(PosDb db) {
        return db.events().stream().filter(e -> e.type().equals(StockLow.TYPE))
                .map(e -> Json.convert(e.payload(), StockLow.class)).toList();
    }

    static String sell(Checkout checkout, Session session, AtomicLong nanos) {
        String id = checkout.open(session).transactionId();
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        checkout.scan(session, id, "5000112637922");
        checkout.finalizeSale(session, id);
        checkout.payCash(session, id, 1_000);
        return id;
    }
}
