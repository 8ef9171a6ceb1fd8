package dev.outpost.appliance.pos.sale;

import static dev.outpost.appliance.pos.Catalogs.SITE;
import static dev.outpost.appliance.pos.Catalogs.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.catalog.Sku;
import dev.outpost.api.event.EventEnvelope;
import dev.outpost.appliance.pos.Catalogs;
import dev.outpost.appliance.pos.PosConfig;
import dev.outpost.appliance.pos.PosDb;
import dev.outpost.appliance.pos.PosException;
import dev.outpost.appliance.pos.Till;
import dev.outpost.appliance.pos.catalog.CatalogStore;
import dev.outpost.appliance.pos.inventory.Inventory;
import dev.outpost.appliance.pos.offline.OfflineRule;
import dev.outpost.appliance.pos.payment.PaymentProvider;
import dev.outpost.appliance.pos.payment.SimulatedQrProvider;
import dev.outpost.appliance.pos.staff.Role;
import dev.outpost.appliance.pos.staff.Session;
import dev.outpost.appliance.pos.staff.Staff;
import dev.outpost.appliance.pos.staff.StaffFile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckoutTest {
    @TempDir
    Path dir;
    final AtomicReference<Instant> now = new AtomicReference<>(T0);
    final AtomicLong nanos = new AtomicLong();
    final SimulatedQrProvider qr = new SimulatedQrProvider();
    PosDb db;
    CatalogStore catalogs;
    Checkout checkout;
    Inventory inventory;
    Session cashier;

    @BeforeEach
    void open() throws Exception {
        Till.writeStaff(dir.resolve("staff.json"));
        db = PosDb.open(dir.resolve("pos.db"), SITE, now::get, Optional.empty());
        catalogs = new CatalogStore(db, SITE, now::get);
        catalogs.offer(Catalogs.basic(3, T0));
        Staff staff = new Staff(db, new StaffFile(dir.resolve("staff.json")), now::get);
        OfflineRule offline = new OfflineRule(db, Optional::empty, Duration.ofHours(24), now::get);
        inventory = new Inventory(db, now::get);
        checkout = new Checkout(db, catalogs, staff, offline, inventory, qr, PosConfig.defaults(), now::get, nanos::get);
        cashier = staff.login("till-1", "c-1", "1111");
    }

    @AfterEach
    void close() {
        db.close();
    }

    static void refused(int status, String message, Executable action) {
        PosException e = assertThrows(PosException.class, action::execute);
        assertEquals(message, e.getMessage());
        assertEquals(status, e.status());
    }

    List<String> types() {
        return db.events().stream().map(EventEnvelope::type).toList();
    }

    JsonNode last() {
        return db.events().getLast().payload();
    }

    @Test
    void aCashSaleIsPricedLockedAtFinalizeAndPaidWithChangeReportingTheContractEvent() throws Exception {
        String id = checkout.open(cashier).transactionId();
        checkout.scan(cashier, id, "5000112637922");
        nanos.addAndGet(Duration.ofSeconds(3).toNanos());
        SaleView twice = checkout.scan(cashier, id, "5000112637939");
        assertEquals(2, twice.lines().getFirst().quantity(), "another barcode of the same SKU adds one more");
        checkout.scan(cashier, id, "4000000000024");
        checkout.setQuantity(cashier, id, 2, 3);
        SaleView removed = checkout.removeLine(cashier, id, 2);
        assertEquals(1, removed.lines().size());
        assertEquals(new Inventory.Level("COLA-330", 0, 2, -2), inventory.level("COLA-330"), "reserved while open");
        SaleView pending = checkout.finalizeSale(cashier, id);
        assertEquals(SaleState.PENDING_PAYMENT, pending.state());
        // 2 × 199 = 398 + 8.25 % (32.835 → 33) = 431
        assertEquals(431, pending.totalMinor());

        // a new catalog version after finalize does not change the locked price
        catalogs.offer(Catalogs.snapshot(4, T0, List.of(new Sku("COLA-330", "Cola", "drinks",
                "food", 999, List.of("5000112637922"))), List.of(), List.of(), List.of()));
        refused(400, "transaction " + id + ": amount_minor: 430 does not cover the total 431",
                () -> checkout.payCash(cashier, id, 430));
        assertEquals(List.of(), types(), "nothing reported for a refused payment");
        SaleView paid = checkout.payCash(cashier, id, 500);
        assertEquals(SaleState.PAID, paid.state());
        assertEquals(69, paid.changeMinor());
        assertEquals(3, paid.catalogVersion());
        assertEquals(List.of("pos.sale.paid"), types());
        assertEquals(new Inventory.Level("COLA-330", -2, 0, -2), inventory.level("COLA-330"), "taken off when paid");
        JsonNode event = last();
        assertEquals(id, event.get("transaction_id").asText());
        assertEquals("till-1", event.get("terminal_id").asText());
        assertEquals("c-1", event.get("cashier_id").asText());
        assertEquals("2026-11-21", event.get("business_day").asText());
        assertEquals(3, event.get("catalog_version").asLong());
        assertEquals("USD", event.get("currency").asText());
        assertEquals("{\"sku\":\"COLA-330\",\"name\":\"Cola 330 ml\",\"quantity\":2,\"unit_price_minor\":199,"
                + "\"discount_minor\":0,\"tax_minor\":33,\"total_minor\":431}", event.get("lines").get(0).toString());
        assertEquals("[{\"method\":\"cash\",\"provider\":\"cash\",\"amount_minor\":431,\"reference\":null}]",
                event.get("payments").toString());
        assertEquals(List.of(398L, 0L, 33L, 431L, 69L), List.of(event.get("subtotal_minor").asLong(),
                event.get("discount_minor").asLong(), event.get("tax_minor").asLong(), event.get("total_minor").asLong(),
                event.get("change_minor").asLong()));
        assertEquals(T0.toString(), event.get("paid_at").asText());

        refused(409, "transaction " + id + ": is PAID; cannot add an item (only a DRAFT sale changes)",
                () -> checkout.scan(cashier, id, "4000000000017"));
        refused(409, "transaction " + id + ": is PAID; cannot take a payment (only from PENDING_PAYMENT)",
                () -> checkout.payCash(cashier, id, 500));
    }

    @Test
    void aSecondScanOfTheSameBarcodeOnTheSameTerminalWithinTheWindowIsIgnoredAndSaidSo() {
        String id = checkout.open(cashier).transactionId();
        checkout.scan(cashier, id, "4000000000017");
        nanos.addAndGet(Duration.ofMillis(2_999).toNanos());
        SaleView ignored = checkout.scan(cashier, id, "4000000000017");
        assertEquals("duplicate scan of 4000000000017 on till-1 within 3000 ms ignored", ignored.notice());
        assertEquals(1, ignored.lines().getFirst().quantity());
        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        SaleView counted = checkout.scan(cashier, id, "4000000000017");
        assertNull(counted.notice());
        assertEquals(2, counted.lines().getFirst().quantity());
        refused(404, "transaction " + id + ": barcode 123 is not in catalog main v3",
                () -> checkout.scan(cashier, id, "123"));
        refused(409, "transaction " + id + ": nothing to finalize, the sale has no lines", () -> {
            String empty = checkout.open(cashier).transactionId();
            try {
                checkout.finalizeSale(cashier, empty);
            } catch (PosException e) {
                throw new PosException(e.status(), e.getMessage().replace(empty, id));
            }
        });
    }

    @Test
    void qrPaymentsSucceedFailOrTimeOutAfterTheLimitOnTheInjectedClock() {
        qr.plan(SimulatedQrProvider.Outcome.FAIL, SimulatedQrProvider.Outcome.NEVER, SimulatedQrProvider.Outcome.SUCCEED);
        String id = checkout.open(cashier).transactionId();
        checkout.scan(cashier, id, "4000000000017");
        checkout.finalizeSale(cashier, id);
        SaleView started = checkout.startQr(cashier, id);
        assertTrue(started.payments().getFirst().qrPayload().startsWith("simqr://pay?ref="));
        refused(409, "transaction " + id + ": a QR payment is pending; poll it until it is paid, fails or times out",
                () -> checkout.payCash(cashier, id, 1000));
        SaleView failed = checkout.pollQr(cashier, id);
        assertEquals("FAILED", failed.payments().getFirst().state());
        assertEquals(SaleState.PENDING_PAYMENT, failed.state());
        assertEquals(List.of("pos.payment.failed"), types());
        assertEquals("failed", last().get("outcome").asText());
        assertEquals(107, last().get("amount_minor").asLong());

        checkout.startQr(cashier, id);
        now.set(T0.plusSeconds(59));
        assertEquals("PENDING", checkout.pollQr(cashier, id).payments().get(1).state());
        now.set(T0.plusSeconds(60));
        SaleView timedOut = checkout.pollQr(cashier, id);
        assertEquals("TIMED_OUT", timedOut.payments().get(1).state());
        assertTrue(qr.cancelled(timedOut.payments().get(1).reference()));
        assertEquals("timed_out", last().get("outcome").asText());

        checkout.startQr(cashier, id);
        SaleView paid = checkout.pollQr(cashier, id);
        assertEquals(SaleState.PAID, paid.state());
        assertEquals(List.of("pos.payment.failed", "pos.payment.failed", "pos.sale.paid"), types());
        assertEquals("[{\"method\":\"qr\",\"provider\":\"simqr\",\"amount_minor\":107,\"reference\":\""
                + paid.payments().get(2).reference() + "\"}]", last().get("payments").toString());
    }

    @Test
    void aQrStartWhoseAnswerWasLostIsAskedAgainWithTheSameKeyAtTheNextPollNeverTwice() {
        List<String> keys = new ArrayList<>();
        boolean[] lose = {true};
        PaymentProvider flaky = new PaymentProvider() {
            @Override
            public String name() {
                return qr.name();
            }

            @Override
            public Started start(String key, long amount, String currency) {
                keys.add(key);
                Started started = qr.start(key, amount, currency);
                if (lose[0]) {
                    lose[0] = false;
                    throw new IllegalStateException("connection reset");
                }
                return started;
            }

            @Override
            public Status status(String reference) {
                return qr.status(reference);
            }

            @Override
            public void cancel(String reference) {
                qr.cancel(reference);
            }
        };
        Checkout flakyCheckout = new Checkout(db, catalogs, new Staff(db, new StaffFile(dir.resolve("staff.json")),
                now::get), new OfflineRule(db, Optional::empty, Duration.ofHours(24), now::get), inventory, flaky,
                PosConfig.defaults(), now::get, nanos::get);
        String id = flakyCheckout.open(cashier).transactionId();
        flakyCheckout.scan(cashier, id, "4000000000017");
        flakyCheckout.finalizeSale(cashier, id);
        SaleView lost = flakyCheckout.startQr(cashier, id);
        assertEquals("QR provider simqr did not answer, polling asks again: connection reset", lost.notice());
        assertEquals("PENDING", lost.payments().getFirst().state());
        assertNull(lost.payments().getFirst().reference());
        SaleView paid = flakyCheckout.pollQr(cashier, id);
        assertEquals(SaleState.PAID, paid.state());
        assertEquals(List.of(id + "/1", id + "/1"), keys);
        assertEquals("simqr-1", paid.payments().getFirst().reference(), "the provider's one payment");
    }

    @Test
    void voidsAndRefundsNeedAManagerAndAPaidSaleIsVoidedOnlyOnItsBusinessDay() {
        String id = paidSale();
        refused(403, "void of transaction " + id + ": c-2 is a CASHIER; a MANAGER or ADMIN must approve",
                () -> checkout.voidSale(cashier, id, "c-2", "2222", "customer changed mind"));
        refused(401, "void of transaction " + id + ": manager m-1: unknown employee or wrong PIN",
                () -> checkout.voidSale(cashier, id, "m-1", "0000", "customer changed mind"));
        refused(400, "transaction " + id + ": reason: must not be blank (a void needs one)",
                () -> checkout.voidSale(cashier, id, "m-1", "9999", " "));
        assertEquals(List.of("pos.sale.paid"), types());
        SaleView voided = checkout.voidSale(cashier, id, "m-1", "9999", "customer changed mind");
        assertEquals(SaleState.VOID, voided.state());
        assertEquals(0, inventory.level("WATER-500").onHand(), "a void puts the units back");
        assertEquals(List.of("pos.sale.paid", "pos.sale.voided"), types());
        assertEquals("m-1", last().get("manager_id").asText());
        assertEquals(107, last().get("total_minor").asLong());
        refused(409, "transaction " + id + ": is VOID; cannot void (only from DRAFT or PENDING_PAYMENT or PAID)",
                () -> checkout.voidSale(cashier, id, "m-1", "9999", "again"));

        String yesterday = paidSale();
        now.set(T0.plus(Duration.ofDays(1)));
        refused(409, "transaction " + yesterday + ": PAID on business day 2026-11-21, a void is for the same day (today"
                + " 2026-11-22); refund it instead", () -> checkout.voidSale(cashier, yesterday, "m-1", "9999", "late"));
        refused(409, "transaction " + yesterday + ": is PAID; cannot complete a refund (only from REFUND_REQUESTED)",
                () -> checkout.completeRefund(cashier, yesterday, "m-1", "9999"));
        assertEquals(SaleState.REFUND_REQUESTED,
                checkout.requestRefund(cashier, yesterday, "m-1", "9999", "damaged").state());
        SaleView refunded = checkout.completeRefund(cashier, yesterday, "m-1", "9999");
        assertEquals(SaleState.REFUNDED, refunded.state());
        assertEquals(List.of("pos.sale.paid", "pos.sale.voided", "pos.sale.paid", "pos.sale.refunded"), types());
        JsonNode refund = last();
        assertEquals(List.of("2026-11-22", "2026-11-21", "107", "damaged", "m-1"), List.of(
                refund.get("business_day").asText(), refund.get("sale_business_day").asText(),
                refund.get("amount_minor").asText(), refund.get("reason").asText(), refund.get("manager_id").asText()));
        assertTrue(db.auditTrail().stream().anyMatch(a -> a.endsWith("m-1 void: transaction " + id
                + " (was PAID): customer changed mind")), db.auditTrail().toString());
    }

    @Test
    void theBusinessDayIsTheStoresLocalDateOfThePayment() {
        PosConfig newYork = new PosConfig(true, "main", ZoneId.of("America/New_York"),
                PosConfig.DEFAULT_SCAN_WINDOW, PosConfig.DEFAULT_QR_TIMEOUT, PosConfig.DEFAULT_OFFLINE_LIMIT,
                Optional.empty(), Map.of(), PosConfig.DEFAULT_STAFF_SYNC_PERIOD);
        Checkout local = new Checkout(db, catalogs, new Staff(db, new StaffFile(dir.resolve("staff.json")), now::get),
                new OfflineRule(db, Optional::empty, Duration.ofHours(24), now::get), inventory, qr, newYork, now::get,
                nanos::get);
        now.set(Instant.parse("2026-11-22T03:00:00Z")); // 22:00 on the 21st in New York
        String id = local.open(cashier).transactionId();
        local.scan(cashier, id, "4000000000017");
        local.finalizeSale(cashier, id);
        assertEquals("2026-11-21", local.payCash(cashier, id, 107).businessDay());
        assertEquals("2026-11-21", last().get("business_day").asText());
    }

    @Test
    void aSaleOfAnotherTerminalIsNotTouched() {
        String id = checkout.open(cashier).transactionId();
        Session other = new Session("x", "till-2", "c-2", Role.CASHIER, T0);
        refused(403, "transaction " + id + ": belongs to terminal till-1, not till-2",
                () -> checkout.scan(other, id, "4000000000017"));
        refused(404, "transaction nope: no such transaction", () -> checkout.view("nope"));
    }

    @Test
    void aTerminalsListOfTodayHoldsOnlyItsSalesPaidTodayNewestFirstWhateverBecameOfThem() {
        String yesterday = paidSale();
        now.set(T0.plus(Duration.ofHours(15))); // 01:00 the next day, within the offline limit
        String first = paidSale();
        now.set(now.get().plusSeconds(60));
        String voided = paidSale();
        checkout.voidSale(cashier, voided, "m-1", "9999", "wrong item");
        checkout.open(cashier); // a draft is not paid
        Session other = new Session("x", "till-2", "c-2", Role.CASHIER, T0);
        String elsewhere = checkout.open(other).transactionId();
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        checkout.scan(other, elsewhere, "4000000000017");
        checkout.finalizeSale(other, elsewhere);
        checkout.payCash(other, elsewhere, 107);

        assertEquals(List.of(new Checkout.Paid(voided, SaleState.VOID, "c-1", now.get(), "USD", 107),
                new Checkout.Paid(first, SaleState.PAID, "c-1", T0.plus(Duration.ofHours(15)), "USD", 107)),
                checkout.paidToday(cashier), "not " + yesterday + " of yesterday, nor till-2's " + elsewhere);
    }

    String paidSale() {
        String id = checkout.open(cashier).transactionId();
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        checkout.scan(cashier, id, "4000000000017");
        checkout.finalizeSale(cashier, id);
        checkout.payCash(cashier, id, 107);
        return id;
    }
}
