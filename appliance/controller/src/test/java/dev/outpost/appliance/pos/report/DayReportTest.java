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
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DayReportTest {
    @TempDir
    Path dir;
    final AtomicReference<Instant> now = new AtomicReference<>(T0);
    final AtomicLong nanos = new AtomicLong();

    @Test
    void theDaysSalesVoidsRefundsTendersAndCashiers() throws Exception {
        Till.writeStaff(dir.resolve("staff.json"));
        try (PosDb db = PosDb.open(dir.resolve("pos.db"), SITE, now::get, Optional.empty())) {
            CatalogStore catalogs = new CatalogStore(db, SITE, now::get);
            catalogs.offer(Catalogs.basic(1, T0));
            Staff staff = new Staff(db, new StaffFile(dir.resolve("staff.json")), now::get);
            Checkout checkout = new Checkout(db, catalogs, staff, new OfflineRule(db, Optional::empty,
                    Duration.ofHours(24), now::get), new Inventory(db, now::get), new SimulatedQrProvider(),
                    PosConfig.defaults(), now::get, nanos::get);
            Session one = staff.login("till-1", "c-1", "1111");
            Session two = staff.login("till-2", "c-2", "2222");
            String cash = sell(checkout, one, "4000000000017"); // 107
            String voided = sell(checkout, one, "5000112637922"); // 215
            checkout.voidSale(one, voided, "m-1", "9999", "wrong item");
            String qr = checkout.open(two).transactionId();
            checkout.scan(two, qr, "4000000000024"); // 250, VAT included
            checkout.finalizeSale(two, qr);
            checkout.startQr(two, qr);
            checkout.pollQr(two, qr);
            checkout.open(one); // a draft counts nowhere

            now.set(T0.plus(Duration.ofDays(1)));
            checkout.requestRefund(one, cash, "m-1", "9999", "stale");
            checkout.completeRefund(one, cash, "m-1", "9999");

            DayReport first = DayReport.of(db, ZoneOffset.UTC, "2026-11-21");
            assertEquals(new DayReport("2026-11-21", 2, 357, 8 + 42, 1, 215, 0, 0, 357,
                    List.of(new DayReport.Tender("cash", "cash", 1, 107), new DayReport.Tender("qr", "simqr", 1, 250)),
                    List.of(new DayReport.Cashier("c-1", 1, 107, 1), new DayReport.Cashier("c-2", 1, 250, 0))), first);
            DayReport second = DayReport.of(db, ZoneOffset.UTC, "2026-11-22");
            assertEquals(List.of(0L, 1L, 107L, -107L), List.of(second.sales(), second.refunds(), second.refundsMinor(),
                    second.netMinor()));
            assertEquals("day report: day: expected a date YYYY-MM-DD, was '21/11/2026'",
                    assertThrows(PosException.class, () -> DayReport.of(db, ZoneOffset.UTC, "21/11/2026")).getMessage());
        }
    }

    String sell(Checkout checkout, Session session, String barcode) {
        String id = checkout.open(session).transactionId();
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        checkout.scan(session, id, barcode);
        checkout.finalizeSale(session, id);
        checkout.payCash(session, id, 1_000);
        return id;
    }
}
