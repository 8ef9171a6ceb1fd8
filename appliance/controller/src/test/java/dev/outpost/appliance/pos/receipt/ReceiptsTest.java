package dev.outpost.appliance.pos.receipt;

import static dev.outpost.appliance.pos.Catalogs.SITE;
import static dev.outpost.appliance.pos.Catalogs.T0;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.outpost.hal.printer.PrinterStatus;
import dev.outpost.hal.printer.SimReceiptPrinter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiptsTest {
    @TempDir
    Path dir;
    final AtomicReference<Instant> now = new AtomicReference<>(T0);
    final SimReceiptPrinter printer = new SimReceiptPrinter("till-1-printer");
    PosDb db;
    Checkout checkout;
    Receipts receipts;
    Session cashier;

    @BeforeEach
    void open() throws Exception {
        Till.writeStaff(dir.resolve("staff.json"));
        db = PosDb.open(dir.resolve("pos.db"), SITE, now::get, Optional.empty());
        CatalogStore catalogs = new CatalogStore(db, SITE, now::get);
        catalogs.offer(Catalogs.snapshot(3, T0, List.of(Catalogs.COLA, Catalogs.CHIPS), List.of(), List.of(),
                List.of(Catalogs.percent("p1", 1000, 0, "CHIPS"))));
        Staff staff = new Staff(db, new StaffFile(dir.resolve("staff.json")), now::get);
        checkout = new Checkout(db, catalogs, staff, new OfflineRule(db, Optional::empty, Duration.ofHours(24), now::get),
                new Inventory(db, now::get), new SimulatedQrProvider(), PosConfig.defaults(), now::get, () -> 0L);
        receipts = new Receipts(db, checkout, t -> t.equals("till-1") ? Optional.of(printer) : Optional.empty(), SITE,
                ZoneOffset.UTC, now::get);
        cashier = staff.login("till-1", "c-1", "1111");
    }

    @AfterEach
    void close() {
        db.close();
    }

    String paidSale() {
        String id = checkout.open(cashier).transactionId();
        checkout.scan(cashier, id, "5000112637922");
        checkout.scan(cashier, id, "4000000000024");
        checkout.finalizeSale(cashier, id);
        checkout.payCash(cashier, id, 500);
        return id;
    }

    @Test
    void aPaidSalesReceiptListsLinesDiscountsTotalsAndChange() {
        String id = paidSale();
        // cola 199 + 8.25 % (16.4 → 16) = 215; chips 250 − 25 (10 %) = 225 holding 20 % VAT (225 − 187.5 → 188 = 37)
        assertEquals(String.join("\n",
                "                 store-1",
                "Sale " + id.substring(0, 13) + "              2026-11-21",
                "Till till-1                    Cashier c-1",
                "------------------------------------------",
                "1 x Cola 330 ml                       1.99",
                "1 x Chips                             2.50",
                "   discount                          -0.25",
                "------------------------------------------",
                "Subtotal                              4.49",
                "Discounts                            -0.25",
                "Tax                                   0.53",
                "TOTAL USD                             4.40",
                "Cash                                  5.00",
                "Change                                0.60", ""), receipts.text(id));
    }

    @Test
    void printingSendsEscPosToTheTerminalsPrinterAndAReprintIsMarkedAndOnlyOnTheDayOfTheSale() {
        String id = paidSale();
        Receipts.Printed first = receipts.print(cashier, id);
        assertEquals(false, first.reprint());
        byte[] job = printer.jobs().getFirst();
        assertArrayEquals(new byte[] {0x1B, 0x40}, Arrays.copyOf(job, 2), "starts with ESC @");
        assertArrayEquals(new byte[] {0x1D, 0x56, 66, 0}, Arrays.copyOfRange(job, job.length - 4, job.length),
                "ends with a cut");
        assertTrue(new String(job, StandardCharsets.US_ASCII).contains("TOTAL USD                             4.40"));

        printer.setStatus(PrinterStatus.PAPER_OUT);
        assertEquals(PrinterStatus.PAPER_OUT, receipts.status("till-1"));
        PosException out = assertThrows(PosException.class, () -> receipts.print(cashier, id));
        assertEquals(503, out.status());
        assertEquals("printer till-1-printer: not ready (PAPER_OUT); nothing printed; the receipt of " + id
                + " was not printed", out.getMessage());
        printer.setStatus(PrinterStatus.READY);
        assertEquals(true, receipts.print(cashier, id).reprint());
        assertTrue(new String(printer.jobs().get(1), StandardCharsets.US_ASCII).contains("*** REPRINT ***"));
        assertTrue(db.auditTrail().getLast().endsWith("c-1 reprint: receipt of transaction " + id));

        now.set(T0.plus(Duration.ofDays(1)));
        PosException late = assertThrows(PosException.class, () -> receipts.print(cashier, id));
        assertEquals("transaction " + id + ": a receipt is reprinted on the day of the sale (2026-11-21), today is"
                + " 2026-11-22", late.getMessage());
        assertEquals(2, printer.jobs().size());
    }

    @Test
    void anUnpaidSaleOrATerminalWithoutPrinterIsRefused() {
        String id = checkout.open(cashier).transactionId();
        assertEquals("transaction " + id + ": is DRAFT; a receipt is for a paid sale",
                assertThrows(PosException.class, () -> receipts.text(id)).getMessage());
        PosException none = assertThrows(PosException.class, () -> receipts.status("till-9"));
        assertEquals(404, none.status());
        assertEquals("terminal till-9: no receipt printer (pos.printers names none for it)", none.getMessage());
    }
}
