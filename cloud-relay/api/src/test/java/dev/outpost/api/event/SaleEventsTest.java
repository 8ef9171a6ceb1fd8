package dev.outpost.api.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.json.ContractException;
import dev.outpost.api.json.Json;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The sale events of pos-contract.md §2, read strictly under their types; a broken one names its field. */
class SaleEventsTest {
    static final String PAID = """
            {"transaction_id":"0190f5a0-0000-7000-8000-000000000001","terminal_id":"pos-1","cashier_id":"c-7",
             "business_day":"2026-11-21","catalog":"main","catalog_version":12,"currency":"USD",
             "lines":[{"sku":"COLA-330","name":"Cola 330 ml","quantity":2,"unit_price_minor":199,"discount_minor":40,
                       "tax_minor":26,"total_minor":384}],
             "subtotal_minor":398,"discount_minor":40,"tax_minor":26,"total_minor":384,
             "payments":[{"method":"cash","provider":"cash","amount_minor":384,"reference":null}],
             "change_minor":116,"paid_at":"2026-11-21T15:00:00Z"}""";
    static final String REFUNDED = """
            {"transaction_id":"0190f5a0-0000-7000-8000-000000000001","business_day":"2026-11-23",
             "sale_business_day":"2026-11-21","currency":"USD","amount_minor":192,
             "payments":[{"method":"qr","provider":"payfast","amount_minor":192,"reference":"r-9"}],
             "manager_id":"m-1","reason":"damaged","refunded_at":"2026-11-23T10:00:00Z"}""";
    static final String FAILED = """
            {"transaction_id":"0190f5a0-0000-7000-8000-000000000002","business_day":"2026-11-21","currency":"USD",
             "method":"qr","provider":"payfast","amount_minor":900,"reference":null,"outcome":"timed_out",
             "at":"2026-11-21T15:01:00Z"}""";

    static String error(String type, String json) {
        return assertThrows(ContractException.class, () -> EventTypes.payload(type, Json.tree(json))).getMessage();
    }

    @Test
    void theContractsShapesReadAndWriteBack() {
        for (String[] typed : new String[][] {{"pos.sale.paid", PAID}, {"pos.sale.refunded", REFUNDED},
                {"pos.payment.failed", FAILED}}) {
            Object read = EventTypes.payload(typed[0], Json.tree(typed[1])).orElseThrow();
            assertEquals(Json.tree(typed[1]), Json.tree(Json.write(read)), typed[0]);
        }
        SalePaid paid = (SalePaid) EventTypes.payload("pos.sale.paid", Json.tree(PAID)).orElseThrow();
        assertNull(paid.payments().getFirst().referenceText());
        SaleRefunded refunded = (SaleRefunded) EventTypes.payload("pos.sale.refunded", Json.tree(REFUNDED)).orElseThrow();
        assertEquals("r-9", refunded.payments().getFirst().referenceText());
        SaleVoided voided = new SaleVoided(paid.transactionId(), "2026-11-21", "USD", 384,
                java.util.List.of(new SalePayment("cash", "cash", 384, (String) null)), "m-1", "wrong item", paid.paidAt());
        assertEquals(Optional.of(voided), EventTypes.payload("pos.sale.voided", Json.toTree(voided)));
    }

    @Test
    void moneyThatDoesNotAddUpIsRefused() {
        assertEquals("pos.sale.paid.payments: must add up to total_minor (384), added up to 500",
                error("pos.sale.paid", PAID.replace("\"amount_minor\":384", "\"amount_minor\":500")));
        assertEquals("pos.sale.paid.change_minor: change is given back from cash tendered: must be 0 without a cash"
                + " payment, was 116", error("pos.sale.paid", PAID.replace("\"method\":\"cash\"", "\"method\":\"qr\"")));
        assertEquals("pos.sale.refunded.payments: must add up to amount_minor (200), added up to 192",
                error("pos.sale.refunded", REFUNDED.replace("\"currency\":\"USD\",\"amount_minor\":192",
                        "\"currency\":\"USD\",\"amount_minor\":200")));
    }

    @Test
    void badFieldsAreNamed() {
        assertEquals("pos.sale.paid.business_day: must be a date YYYY-MM-DD, was \"21/11/2026\"",
                error("pos.sale.paid", PAID.replace("2026-11-21\"", "21/11/2026\"")));
        assertEquals("pos.sale.paid.currency: must be an ISO 4217 currency code such as USD, was \"usd\"",
                error("pos.sale.paid", PAID.replace("\"USD\"", "\"usd\"")));
        assertEquals("pos.sale.paid.payments[0].method: must be one of cash, qr, was \"card\"",
                error("pos.sale.paid", PAID.replace("\"method\":\"cash\"", "\"method\":\"card\"")));
        assertEquals("pos.sale.paid.lines[0].quantity: must be greater than 0, was 0",
                error("pos.sale.paid", PAID.replace("\"quantity\":2", "\"quantity\":0")));
        assertEquals("pos.sale.paid.payments[0]: missing field 'reference'",
                error("pos.sale.paid", PAID.replace(",\"reference\":null", "")));
        assertEquals("pos.payment.failed.reference: must be a non-blank string or null, was 7",
                error("pos.payment.failed", FAILED.replace("\"reference\":null", "\"reference\":7")));
        assertEquals("pos.payment.failed.outcome: must be one of failed, timed_out, was \"declined\"",
                error("pos.payment.failed", FAILED.replace("timed_out", "declined")));
        assertEquals("pos.sale.refunded.sale_business_day: must not be after business_day (2026-11-23), was \"2026-11-24\"",
                error("pos.sale.refunded", REFUNDED.replace("\"sale_business_day\":\"2026-11-21\"",
                        "\"sale_business_day\":\"2026-11-24\"")));
        JsonNode unknown = Json.tree(FAILED.replace("{\"transaction_id\"", "{\"tip\":1,\"transaction_id\""));
        assertEquals("pos.payment.failed: unknown field 'tip'",
                assertThrows(ContractException.class, () -> EventTypes.payload("pos.payment.failed", unknown)).getMessage());
    }

    @Test
    void aLowStockAlertReadsBackAndABadCauseIsNamed() {
        String low = "{\"sku\":\"COLA-330\",\"on_hand\":3,\"available\":2,\"level\":5,\"cause\":\"sale\","
                + "\"at\":\"2026-11-21T10:00:00Z\"}";
        Object read = EventTypes.payload("pos.stock.low", Json.tree(low)).orElseThrow();
        assertEquals(Json.tree(low), Json.tree(Json.write(read)));
        assertEquals("pos.stock.low.cause: must be one of sale, adjustment, count, was \"theft\"",
                error("pos.stock.low", low.replace("\"sale\"", "\"theft\"")));
    }
}
