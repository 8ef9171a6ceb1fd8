package dev.outpost.appliance.pos.report;

import static dev.outpost.appliance.pos.Catalogs.SITE;
import static dev.outpost.appliance.pos.Catalogs.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.outpost.appliance.pos.Catalogs;
import dev.outpost.appliance.pos.PosConfig;
import dev.outpost.appliance.pos.PosDb;
import dev.outpost.appliance.pos.PosException;
import dev.outpost.appliance.pos.Till;
import dev.outpost.appliance.pos.catalog.CatalogStore;
import dev.outpost.appliance.pos.inventory.Inventory;
import dev.outpost.appliance.pos.offline.OfflineRule;
import dev.outpost.appliance.pos.payment.SimulatedQrProvider;
import dev.outpost.appliance.pos.sale.Checkout;
import dev.outpost.appliance.pos.staff.Session;
import dev.outpost.appliance.pos.staff.Staff;
import dev.outpost.appliance.pos.staff.StaffFile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CashierReportTest {
    /** UTC−5: a sale at 03:00 UTC on the 22nd is on business day the 21st. */
    static final ZoneId STORE = ZoneId.of("America/New_York");
    @TempDir
    Path dir;
    final AtomicReference<Instant> now = new AtomicReference<>(T0);
    final AtomicLong nanos = new AtomicLong();

    @Test
    void eachEmployeesSalesBasketVoidsRefundsFailedLoginsAndActivityOverBusinessDaysInTheStoresZone()
            throws Exception {
        Till.writeStaff(dir.resolve("staff.json"));
        try (PosDb db = PosDb.open(dir.resolve("pos.db"), SITE, now::get, Optional.empty())) {
            CatalogStore catalogs = new CatalogStore(db, SITE, now::get);
            catalogs.offer(Catalogs.basic(1, T0));
            Staff staff = new Staff(db, new StaffFile(dir.resolve("staff.json")), now::get);
            Checkout checkout = new Checkout(db, catalogs, staff, new OfflineRule(db, Optional::empty,
                    Duration.ofHours(24), now::get), new Inventory(db, now::get), new SimulatedQrProvider(),
                    new PosConfig(true, "main", STORE, PosConfig.DEFAULT_SCAN_WINDOW, PosConfig.DEFAULT_QR_TIMEOUT,
                            PosConfig.DEFAULT_OFFLINE_LIMIT, Optional.empty(), Map.of(), PosConfig.DEFAULT_STAFF_SYNC_PERIOD),
                    now::get, nanos::get);
            Session one = staff.login("till-1", "c-1", "1111");
            String water = sell(checkout, one, "4000000000017", 3); // 3 × 99 + 8.25 % = 322
            now.set(T0.plusSeconds(60));
            sell(checkout, one, "5000112637922", 1); // 215
            String voided = sell(checkout, one, "4000000000024", 1); // 250
            checkout.voidSale(one, voided, "m-1", "9999", "wrong item");
            assertThrows(PosException.class, () -> staff.login("till-2", "c-2", "0000"));
            now.set(Instant.parse("2026-11-22T03:00:00Z")); // still the 21st in the store
            Session two = staff.login("till-2", "c-2", "2222");
            sell(checkout, two, "4000000000024", 2); // 500
            now.set(Instant.parse("2026-11-22T15:00:00Z"));
            checkout.requestRefund(one, water, "m-1", "9999", "stale");
            checkout.completeRefund(one, water, "m-1", "9999");

            CashierReport day = CashierReport.of(db, STORE, "2026-11-21", "2026-11-21");
            assertEquals(List.of(
                    new CashierReport.Employee("c-1", 2, 322 + 215, 269, 2.0, 1, 250, 0, 0, 0, T0,
                            T0.plusSeconds(60)),
                    new CashierReport.Employee("c-2", 1, 500, 500, 2.0, 0, 0, 0, 0, 1, T0.plusSeconds(60),
                            Instant.parse("2026-11-22T03:00:00Z"))), day.employees());
            assertEquals(List.of(new CashierReport.Employee("c-1", 0, 0, 0, 0.0, 0, 0, 1, 322, 0, null, null)),
                    CashierReport.of(db, STORE, "2026-11-22", "2026-11-22").employees(),
                    "a refund counts on the day it was completed, for the cashier who rang the sale");
            CashierReport.Employee both = CashierReport.of(db, STORE, "2026-11-21", "2026-11-22").employees().getFirst();
            assertEquals(List.of(2L, 1L, T0), List.of(both.sales(), both.refunds(), both.firstActivity()));
            assertEquals("cashier report: to: must not be before from (2026-11-21), was 2026-11-20",
                    assertThrows(PosException.class, () -> CashierReport.of(db, STORE, "2026-11-21", "2026-11-20"))
                            .getMessage());
            assertEquals("cashier report: from: expected a date YYYY-MM-DD, was ''", assertThrows(PosException.class,
                    () -> CashierReport.of(db, STORE, null, "2026-11-20")).getMessage());
            assertEquals("cashier report: to: at most 366 days from 2026-01-01 in one report, was 2027-01-02",
                    assertThrows(PosException.class, () -> CashierReport.of(db, STORE, "2026-01-01", "2027-01-02"))
                            .getMessage());
        }
    }

    String sell(Checkout checkout, Session session, String barcode, long quantity) {
        String id = checkout.open(session).transactionId();
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        checkout.scan(session, id, barcode);
        if (quantity > 1) {
            checkout.setQuantity(session, id, 1, quantity);
        }
        checkout.finalizeSale(session, id);
        checkout.payCash(session, id, 10_000);
        return id;
    }
}
