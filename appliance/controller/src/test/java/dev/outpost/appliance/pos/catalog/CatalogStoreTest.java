package dev.outpost.appliance.pos.catalog;

import static dev.outpost.appliance.pos.Catalogs.COLA;
import static dev.outpost.appliance.pos.Catalogs.SITE;
import static dev.outpost.appliance.pos.Catalogs.T0;
import static dev.outpost.appliance.pos.Catalogs.WATER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.catalog.Removed;
import dev.outpost.api.catalog.Sku;
import dev.outpost.api.catalog.StorePrice;
import dev.outpost.appliance.pos.Catalogs;
import dev.outpost.appliance.pos.PosDb;
import dev.outpost.appliance.pos.PosException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogStoreTest {
    @TempDir
    Path dir;
    final AtomicReference<Instant> now = new AtomicReference<>(T0);
    PosDb db;
    CatalogStore store;

    @BeforeEach
    void open() {
        db = PosDb.open(dir.resolve("pos.db"), SITE, now::get, Optional.empty());
        store = new CatalogStore(db, SITE, now::get);
    }

    @AfterEach
    void close() {
        db.close();
    }

    long price(String sku, Instant at) {
        return store.item("main", sku, at).orElseThrow().unitPriceMinor();
    }

    @Test
    void aSnapshotDueNowAppliesAndBarcodesLookUpThroughAnIndex() throws Exception {
        assertEquals(CatalogSink.Offered.APPLIED, store.offer(Catalogs.basic(12, T0)));
        assertEquals(OptionalLong.of(12), store.heldVersion("main"));
        assertEquals(new Item("COLA-330", "Cola 330 ml", 199, 825, false),
                store.lookup("main", "5000112637939", T0).orElseThrow());
        assertEquals(Optional.empty(), store.lookup("main", "999", T0));
        assertEquals(CatalogSink.Offered.ALREADY_HELD, store.offer(Catalogs.basic(12, T0)));
        String plan = String.join(" ", db.inTransaction("explain", () -> db.query("EXPLAIN QUERY PLAN SELECT sku FROM"
                + " pos_barcode WHERE catalog = ? AND barcode = ?", r -> r.getString(4), "main", "1")));
        assertTrue(plan.contains("USING PRIMARY KEY") || plan.contains("USING INDEX"), plan);
    }

    @Test
    void theEffectivePriceIsTheStoresChangeThenItsPriceThenTheChainsChangeThenTheBase() {
        Instant chainFrom = T0.plus(Duration.ofDays(1));
        Instant storeFrom = T0.plus(Duration.ofDays(2));
        store.offer(Catalogs.snapshot(1, T0, List.of(COLA, WATER),
                List.of(new StorePrice(SITE, "COLA-330", 179), new StorePrice("store-2", "WATER-500", 10)),
                List.of(Catalogs.change("chain", "COLA-330", 209, chainFrom, null),
                        Catalogs.change("chain-water", "WATER-500", 109, chainFrom, null),
                        Catalogs.change("store", "COLA-330", 189, storeFrom, SITE),
                        Catalogs.change("other", "WATER-500", 1, T0, "store-2")), List.of()));
        assertEquals(179, price("COLA-330", T0), "this store's price beats the base");
        assertEquals(179, price("COLA-330", chainFrom), "and a chain-wide change");
        assertEquals(189, price("COLA-330", storeFrom), "this store's change beats its price");
        assertEquals(99, price("WATER-500", T0), "another store's price and change are not ours");
        assertEquals(99, price("WATER-500", chainFrom.minusMillis(1)));
        assertEquals(109, price("WATER-500", chainFrom), "a chain change applies from its instant on");
    }

    @Test
    void aDocumentForLaterWaitsAndAppliesWhenDueAlsoAfterAReopen() {
        store.offer(Catalogs.basic(1, T0));
        Sku dearer = new Sku("COLA-330", "Cola 330 ml", "drinks", "food", 249, COLA.barcodes());
        Instant at = T0.plus(Duration.ofHours(2));
        assertEquals(CatalogSink.Offered.PENDING, store.offer(Catalogs.delta(2, 1, at, List.of(dearer), Removed.NONE)));
        assertEquals(List.of(2L), store.pending("main"));
        now.set(at.minusMillis(1));
        assertEquals(0, store.applyDue());
        assertEquals(199, price("COLA-330", now.get()));

        db.close();
        now.set(at);
        open();
        assertEquals(1, store.applyDue(), "due while the appliance was down: applied at the first check");
        assertEquals(OptionalLong.of(2), store.heldVersion("main"));
        assertEquals(249, price("COLA-330", at));
        assertEquals(List.of(), store.pending("main"));
    }

    @Test
    void aDeltaOnAnotherBaseOrClashingWithTheHeldCatalogIsRefusedAndChangesNothing() {
        store.offer(Catalogs.basic(5, T0));
        PosException base = assertThrows(PosException.class, () -> store.offer(Catalogs.delta(7, 6, T0, List.of(),
                Removed.NONE)));
        assertEquals(409, base.status());
        assertEquals("catalog main v7: refused, a delta from v6 but the site holds v5; nothing changed", base.getMessage());
        Sku clash = new Sku("COLA-2", "Cola again", "drinks", "food", 1, List.of("4000000000017"));
        PosException barcode = assertThrows(PosException.class, () -> store.offer(Catalogs.delta(6, 5, T0,
                List.of(clash), Removed.NONE)));
        assertEquals(400, barcode.status());
        assertEquals("catalog main v6: refused, it does not fit the held catalog: skus[0].barcodes[0]: 4000000000017 is"
                + " also a barcode of WATER-500; nothing changed", barcode.getMessage());
        PosException older = assertThrows(PosException.class, () -> store.offer(Catalogs.basic(4, T0)));
        assertEquals("catalog main v4: refused, the site already has v5 (held v5); nothing changed", older.getMessage());
        assertEquals(OptionalLong.of(5), store.heldVersion("main"));
        assertEquals(List.of(), store.pending("main"));
        assertEquals("WATER-500", store.lookup("main", "4000000000017", T0).orElseThrow().sku());

        assertEquals(CatalogSink.Offered.APPLIED, store.offer(Catalogs.delta(6, 5, T0, List.of(),
                new Removed(List.of(), List.of(), List.of("WATER-500"), List.of(), List.of(), List.of()))));
        assertEquals(Optional.empty(), store.lookup("main", "4000000000017", T0), "a removed SKU's barcodes go too");
    }
}
