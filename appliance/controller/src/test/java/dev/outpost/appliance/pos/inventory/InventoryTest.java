package dev.outpost.appliance.pos.inventory;

import static dev.outpost.appliance.pos.Catalogs.SITE;
import static dev.outpost.appliance.pos.Catalogs.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.outpost.appliance.pos.PosDb;
import dev.outpost.appliance.pos.PosException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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
}
