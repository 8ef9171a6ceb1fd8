package dev.outpost.appliance.pos.report;

import static dev.outpost.appliance.pos.Catalogs.SITE;
import static dev.outpost.appliance.pos.Catalogs.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.outpost.appliance.pos.Catalogs;
import dev.outpost.appliance.pos.PosConfig;
import dev.outpost.appliance.pos.PosDb;
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
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryReportTest {
    @TempDir
    Path dir;

    @Test
    void everyTrackedSkuWithItsStockLevelLastCountAndValueAndTheTotals() throws Exception {
        Till.writeStaff(dir.resolve("staff.json"));
        try (PosDb db = PosDb.open(dir.resolve("pos.db"), SITE, () -> T0, Optional.empty())) {
            CatalogStore catalogs = new CatalogStore(db, SITE, () -> T0);
            catalogs.offer(Catalogs.basic(3, T0));
            Staff staff = new Staff(db, new StaffFile(dir.resolve("staff.json")), () -> T0);
            Inventory inventory = new Inventory(db, () -> T0);
            Checkout checkout = new Checkout(db, catalogs, staff, new OfflineRule(db, Optional::empty,
                    Duration.ofHours(24), () -> T0), inventory, new SimulatedQrProvider(), PosConfig.defaults(),
                    () -> T0, () -> 0);
            inventory.adjust("COLA-330", 10, "received", "m-1", "");
            inventory.setLowLevel("COLA-330", 9, "m-1", "fast seller");
            inventory.setLowLevel("WATER-500", 2, "m-1", "new line"); // no stock yet: low at once
            inventory.adjust("CHIPS", 20, "received", "m-1", "");
            inventory.count("CHIPS", 18, "m-1"); // 10 % missing: flagged
            inventory.adjust("OLD-SKU", -2, "damaged", "m-1", "not in the catalog any more");
            Session till = staff.login("till-1", "c-1", "1111");
            String draft = checkout.open(till).transactionId();
            checkout.scan(till, draft, "5000112637922"); // one cola reserved: 9 available, at its level

            InventoryReport report = InventoryReport.of(db, "main", T0);
            assertEquals(List.of(
                    new InventoryReport.Sku("CHIPS", "Chips", 18, 0, 18, null, false, 250L, 18 * 250,
                            new InventoryReport.Count(T0, "m-1", 20, 18, 10.0, true)),
                    new InventoryReport.Sku("COLA-330", "Cola 330 ml", 10, 1, 9, 9L, true, 199L, 10 * 199, null),
                    new InventoryReport.Sku("OLD-SKU", null, -2, 0, -2, null, false, null, 0, null),
                    new InventoryReport.Sku("WATER-500", "Water 500 ml", 0, 0, 0, 2L, true, 99L, 0, null)),
                    report.skus());
            assertEquals(List.of(3L, 26L, 1L, 25L, 2L, 18L * 250 + 10 * 199), List.of(report.catalogVersion(),
                    report.onHand(), report.reserved(), report.available(), report.lowSkus(), report.valueMinor()));
            assertEquals("USD", report.currency());
        }
    }
}
