package dev.outpost.relay.sales;

import static dev.outpost.relay.testing.SaleEvents.cash;
import static dev.outpost.relay.testing.SaleEvents.failed;
import static dev.outpost.relay.testing.SaleEvents.paid;
import static dev.outpost.relay.testing.SaleEvents.qr;
import static dev.outpost.relay.testing.SaleEvents.refunded;
import static dev.outpost.relay.testing.SaleEvents.voided;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.api.client.RelayClient;
import dev.outpost.api.client.RelayException;
import dev.outpost.api.event.EventBatch;
import dev.outpost.api.event.EventBatchResult;
import dev.outpost.api.event.EventEnvelope;
import dev.outpost.api.event.PaymentFailed;
import dev.outpost.api.event.SalePaid;
import dev.outpost.api.event.SalePayment;
import dev.outpost.api.heartbeat.Heartbeat;
import dev.outpost.api.heartbeat.OutboxBacklog;
import dev.outpost.api.json.Json;
import dev.outpost.relay.staff.Role;
import dev.outpost.relay.testing.RelayHarness;
import dev.outpost.relay.testing.SaleEvents;
import dev.outpost.relay.testing.StaffClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sales on a real relay (SQLite, and PostgreSQL in failsafe's second run): sale events posted by sites over mutual TLS
 * count once in the daily, weekly and reconciliation reads, whatever the outbox retries or the order events come in;
 * a malformed one is refused naming its field, with nothing of its batch counted; the stores overview shows today's
 * sales in each store's zone with its outbox backlog from its heartbeat.
 */
@Tag("integration")
class SalesIT {
    // TLS checks certificates on the real clock, the relay issues them on its own: stay near the real date
    static final LocalDate DAY = LocalDate.now(ZoneOffset.UTC).minusDays(2);
    @TempDir
    Path dir;
    final AtomicReference<Instant> now = new AtomicReference<>(DAY.atTime(20, 0).toInstant(ZoneOffset.UTC));
    final InstantSource clock = () -> now.get();
    RelayHarness relay;
    StaffClient viewer;
    final Map<String, RelayClient> clients = new HashMap<>();

    @BeforeEach
    void start() throws Exception {
        relay = RelayHarness.start(dir, Map.of("staff.password.bcrypt-cost", "10"), clock); // logins at the cheapest cost
        StaffClient admin = StaffClient.admin(relay);
        for (String[] store : new String[][] {{"store-1", "Europe/Paris"}, {"store-2", "America/New_York"},
                {"store-3", "Asia/Tokyo"}}) {
            ok(200, admin.send("PUT", "/v1/stores/" + store[0], "{\"region\":\"EU\",\"country\":\"FR\",\"zone\":\""
                    + store[1] + "\",\"reason\":\"new store\"}"));
        }
        viewer = StaffClient.as(relay, "vic", Role.VIEWER);
    }

    @AfterEach
    void stop() {
        clients.values().forEach(RelayClient::close);
        relay.close();
    }

    @Test
    void eachEventCountsOnceOnItsOwnDayWhateverOrderAndRetriesBringIt() throws Exception {
        SaleEvents pos = new SaleEvents("store-1", now.get(), 1);
        UUID a = pos.transaction();
        UUID b = pos.transaction();
        UUID c = pos.transaction();
        LocalDate next = DAY.plusDays(1);
        // a: 2 x 450 less 100 plus 64 tax = 864 in cash (1000 tendered, 136 change); refunded 300 the next day
        EventEnvelope saleA = pos.envelope("pos.sale.paid", paid(a, DAY, "EUR", 2, 450, 100, 64,
                List.of(cash(864)), 136));
        // b: 1 x 1200 = 1200, 500 by QR and 700 cash; voided the same day
        EventEnvelope saleB = pos.envelope("pos.sale.paid", paid(b, DAY, "EUR", 1, 1200, 0, 0,
                List.of(qr("payfast", 500), cash(700)), 0));
        EventEnvelope voidB = pos.envelope("pos.sale.voided", voided(b, DAY, "EUR", List.of(qr("payfast", 500),
                cash(700))));
        // c: 3 x 100 = 300 by QR after a QR attempt timed out
        EventEnvelope timedOut = pos.envelope("pos.payment.failed", failed(c, DAY, "EUR", "payfast", 300,
                PaymentFailed.TIMED_OUT));
        EventEnvelope saleC = pos.envelope("pos.sale.paid", paid(c, DAY, "EUR", 3, 100, 0, 0,
                List.of(qr("payfast", 300)), 0));
        EventEnvelope refundA = pos.envelope("pos.sale.refunded", refunded(a, next, DAY, "EUR", List.of(cash(300))));

        // the refund of the next day and the void arrive before their sales; then everything again, as a retry would
        EventBatchResult first = post("store-1", List.of(refundA, voidB, timedOut));
        assertEquals(3, first.accepted().size());
        EventBatchResult second = post("store-1", List.of(saleA, saleB, voidB, saleC, refundA));
        assertEquals(List.of(saleA.eventId(), saleB.eventId(), saleC.eventId()), second.accepted());
        assertEquals(List.of(voidB.eventId(), refundA.eventId()), second.duplicate());
        assertEquals(5, post("store-1", List.of(saleA, saleB, voidB, saleC, refundA)).duplicate().size());

        JsonNode daily = ok(200, viewer.get("/v1/sales/daily?site=store-1&from=" + DAY + "&to=" + next)).get("days");
        assertEquals(2, daily.size(), daily.toString());
        assertEquals(DAY.toString(), daily.get(0).get("business_day").textValue());
        assertEquals(new SalesTotals(3, 900 + 1200 + 300, 100, 64, 864 + 1200 + 300, 1, 1200, 0, 0, 864 + 300,
                Map.of("cash", 864L, "qr", 300L)), totals(daily.get(0)));
        assertEquals(new SalesTotals(0, 0, 0, 0, 0, 0, 0, 1, 300, -300, Map.of("cash", -300L)), totals(daily.get(1)),
                "a refund counts on the day it was made");

        JsonNode weekly = ok(200, viewer.get("/v1/sales/weekly?site=store-1&from=" + week(DAY) + "&to="
                + week(next))).get("weeks");
        SalesTotals week = new SalesTotals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of());
        for (JsonNode w : weekly) {
            week = week.plus(totals(w));
        }
        assertEquals(totals(daily.get(0)).plus(totals(daily.get(1))), week, weekly.toString());

        JsonNode recon = ok(200, viewer.get("/v1/sales/reconciliation?provider=payfast&from=" + DAY + "&to=" + next))
                .get("days");
        assertEquals(1, recon.size(), recon.toString());
        assertEquals(Json.tree("{\"provider\":\"payfast\",\"business_day\":\"" + DAY + "\",\"currency\":\"EUR\","
                + "\"payments\":2,\"captured\":800,\"voided_minor\":500,\"refunded_minor\":0,\"failed\":0,"
                + "\"failed_minor\":0,\"timed_out\":1,\"timed_out_minor\":300,\"net_to_settle\":300}"), recon.get(0));
        JsonNode cashDays = ok(200, viewer.get("/v1/sales/reconciliation?provider=cash&from=" + DAY + "&to=" + next))
                .get("days");
        assertEquals(864 + 700 - 700, cashDays.get(0).get("net_to_settle").longValue(), cashDays.toString());
        assertEquals(-300, cashDays.get(1).get("net_to_settle").longValue(), cashDays.toString());
    }

    @Test
    void aMalformedSaleIsRefusedNamingItsFieldAndNothingOfItsBatchCounts() throws Exception {
        SaleEvents pos = new SaleEvents("store-1", now.get(), 2);
        EventEnvelope good = pos.envelope("pos.sale.paid", paid(pos.transaction(), DAY, "EUR", 1, 500, 0, 0,
                List.of(cash(500)), 0));
        ObjectNode broken = (ObjectNode) Json.toTree(paid(pos.transaction(), DAY, "EUR", 1, 500, 0, 0,
                List.of(cash(500)), 0));
        broken.put("total_minor", 400);
        EventEnvelope bad = pos.envelope("pos.sale.paid", broken);
        RelayException refused = assertThrows(RelayException.class,
                () -> client("store-1").postEvents("store-1", new EventBatch(List.of(good, bad))));
        assertEquals(400, refused.status().orElse(0));
        assertTrue(refused.getMessage().contains("event_batch.events[1].payload.payments: (pos.sale.paid) must add"
                + " up to total_minor (400), added up to 500"), refused.getMessage());
        assertEquals(0, ok(200, viewer.get("/v1/sales/daily?from=" + DAY + "&to=" + DAY)).get("days").size());
        assertEquals(1, post("store-1", List.of(good)).accepted().size(), "the good one goes once the bad one is parked");
        assertEquals(1, ok(200, viewer.get("/v1/sales/daily?from=" + DAY + "&to=" + DAY)).get("days").get(0)
                .get("totals").get("sales").intValue());

        assertEquals("daily sales: to must not be before from",
                error(viewer.get("/v1/sales/daily?from=" + DAY + "&to=" + DAY.minusDays(1))));
        assertEquals("daily sales: from must be a date such as 2026-11-21, was '2026-13-01'",
                error(viewer.get("/v1/sales/daily?from=2026-13-01&to=" + DAY)));
        assertEquals("weekly sales: to is required: an ISO week such as 2026-W47",
                error(viewer.get("/v1/sales/weekly?from=2026-W01")));
        assertEquals("payment reconciliation: unknown parameter 'site' (known: provider, from, to)",
                error(viewer.get("/v1/sales/reconciliation?site=store-1&from=" + DAY + "&to=" + DAY)));
        assertEquals("daily sales: from..to spans 367 days, at most 366 at once",
                error(viewer.get("/v1/sales/daily?from=" + DAY.minusDays(366) + "&to=" + DAY)));
        assertEquals(401, relay.sendPlain("GET", "/v1/sales/daily?from=" + DAY + "&to=" + DAY, null).statusCode());
    }

    @Test
    void theOverviewShowsTodayInEachStoresZoneWithItsOutboxBacklog() throws Exception {
        // 20:00 UTC: still DAY in Paris and New York, already the next day in Tokyo
        Instant at = now.get();
        SaleEvents paris = new SaleEvents("store-1", at, 3);
        post("store-1", List.of(paris.envelope("pos.sale.paid", paid(paris.transaction(), DAY, "EUR", 1, 250, 0, 20,
                List.of(cash(270)), 0))));
        SaleEvents tokyo = new SaleEvents("store-3", at, 4);
        post("store-3", List.of(tokyo.envelope("pos.sale.paid", paid(tokyo.transaction(), DAY, "JPY", 1, 900, 0, 0,
                List.of(cash(900)), 0))));
        heartbeat("store-1", new OutboxBacklog(4, 90_000, 1));
        heartbeat("store-2", null);
        now.set(at.plusSeconds(120));

        JsonNode stores = ok(200, viewer.get("/v1/stores/overview")).get("stores");
        assertEquals(3, stores.size(), stores.toString());
        JsonNode one = stores.get(0);
        assertEquals("store-1", one.get("site_id").textValue());
        assertEquals(DAY.toString(), one.get("business_day").textValue());
        assertEquals(270, one.at("/today/EUR/net_minor").longValue(), one.toString());
        assertTrue(one.get("offline").booleanValue(), "120 s without a heartbeat is past fleet.stale-after (90 s)");
        assertEquals(120, one.get("last_heard_seconds").longValue());
        assertEquals(4, one.at("/outbox/pending").longValue());
        assertEquals(1, one.at("/outbox/parked").longValue());
        assertEquals(at.minusSeconds(90).toString(), one.at("/outbox/oldest_since").textValue());
        assertEquals(210, one.at("/outbox/oldest_age_seconds").longValue(), "the backlog keeps ageing while silent");
        JsonNode two = stores.get(1);
        assertTrue(two.get("outbox").isNull(), "a heartbeat without an outbox reports none: " + two);
        assertEquals(0, two.get("today").size());
        JsonNode three = stores.get(2);
        assertEquals(DAY.plusDays(1).toString(), three.get("business_day").textValue());
        assertEquals(0, three.get("today").size(), "the Tokyo sale was yesterday there: " + three);
        assertTrue(three.get("last_heard").isNull());
        assertTrue(three.get("offline").booleanValue());
        assertTrue(three.get("outbox").isNull());
    }

    @Test
    void aSeededDayOfRandomEventsInRandomBatchesWithRetriesAddsUpToAnIndependentSum() throws Exception {
        SplittableRandom random = new SplittableRandom(20261121);
        Map<String, Model> expected = new TreeMap<>();
        Map<String, Long> settle = new TreeMap<>();
        for (String site : List.of("store-1", "store-2")) {
            SaleEvents pos = new SaleEvents(site, now.get(), site.hashCode());
            List<EventEnvelope> events = new ArrayList<>();
            List<SalePaid> sold = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                LocalDate day = DAY.minusDays(random.nextInt(10));
                int roll = random.nextInt(10);
                if (roll < 6 || sold.isEmpty()) {
                    long qty = 1 + random.nextInt(3);
                    long unit = 50 + random.nextInt(2000);
                    long discount = random.nextInt((int) (qty * unit / 10) + 1);
                    long tax = random.nextInt(200);
                    long total = qty * unit - discount + tax;
                    List<SalePayment> payments;
                    long change = 0;
                    if (random.nextBoolean()) {
                        change = (total / 500 + 1) * 500 - total; // the next 5.00 up tendered
                        payments = List.of(cash(total));
                    } else {
                        long byQr = 1 + random.nextLong(total);
                        payments = byQr == total ? List.of(qr(provider(random), total))
                                : List.of(qr(provider(random), byQr), cash(total - byQr));
                    }
                    SalePaid sale = paid(pos.transaction(), day, "EUR", qty, unit, discount, tax, payments, change);
                    sold.add(sale);
                    events.add(pos.envelope("pos.sale.paid", sale));
                    Model m = model(expected, site, sale.businessDay());
                    m.sales++;
                    m.gross += sale.subtotalMinor();
                    m.discount += sale.discountMinor();
                    m.tax += sale.taxMinor();
                    m.total += total;
                    for (SalePayment p : payments) {
                        m.byMethod.merge(p.method(), p.amountMinor(), Long::sum);
                        settle.merge(p.provider() + " " + sale.businessDay(), p.amountMinor(), Long::sum);
                    }
                } else if (roll < 8) {
                    SalePaid sale = sold.get(random.nextInt(sold.size()));
                    LocalDate refundDay = LocalDate.parse(sale.businessDay()).plusDays(random.nextInt(3));
                    long amount = 1 + random.nextLong(sale.totalMinor());
                    String provider = provider(random);
                    SalePayment back = random.nextBoolean() ? cash(amount) : qr(provider, amount);
                    events.add(pos.envelope("pos.sale.refunded", refunded(sale.transactionId(), refundDay, LocalDate.parse(sale.businessDay()),
                            "EUR", List.of(back))));
                    Model m = model(expected, site, refundDay.toString());
                    m.refunds++;
                    m.refunded += amount;
                    m.byMethod.merge(back.method(), -amount, Long::sum);
                    settle.merge(back.provider() + " " + refundDay, -amount, Long::sum);
                } else if (roll < 9) {
                    SalePaid sale = sold.remove(random.nextInt(sold.size()));
                    List<SalePayment> back = sale.payments();
                    events.add(pos.envelope("pos.sale.voided", voided(sale.transactionId(), LocalDate.parse(sale.businessDay()), "EUR", back)));
                    Model m = model(expected, site, sale.businessDay());
                    m.voids++;
                    m.voided += sale.totalMinor();
                    for (SalePayment p : back) {
                        m.byMethod.merge(p.method(), -p.amountMinor(), Long::sum);
                        settle.merge(p.provider() + " " + sale.businessDay(), -p.amountMinor(), Long::sum);
                    }
                } else {
                    String provider = provider(random);
                    events.add(pos.envelope("pos.payment.failed", failed(pos.transaction(), day, "EUR", provider,
                            1 + random.nextInt(5000), random.nextBoolean() ? PaymentFailed.FAILED : PaymentFailed.TIMED_OUT)));
                    settle.merge(provider + " " + day, 0L, Long::sum); // takes no money, but the day is listed
                }
            }
            deliverInRandomBatchesWithRetries(site, events, random);
        }

        JsonNode days = ok(200, viewer.get("/v1/sales/daily?from=" + DAY.minusDays(12) + "&to=" + DAY.plusDays(3)))
                .get("days");
        Map<String, SalesTotals> seen = new TreeMap<>();
        for (JsonNode d : days) {
            seen.put(d.get("site_id").textValue() + " " + d.get("business_day").textValue(), totals(d));
        }
        Map<String, SalesTotals> want = new TreeMap<>();
        expected.forEach((key, m) -> want.put(key, m.totals()));
        assertEquals(want, seen);

        Map<String, Long> settled = new TreeMap<>();
        for (JsonNode d : ok(200, viewer.get("/v1/sales/reconciliation?from=" + DAY.minusDays(12) + "&to="
                + DAY.plusDays(3))).get("days")) {
            settled.put(d.get("provider").textValue() + " " + d.get("business_day").textValue(),
                    d.get("net_to_settle").longValue());
        }
        settle.forEach((key, amount) -> assertEquals(amount, settled.get(key), key));
        assertEquals(settle.keySet(), settled.keySet());
    }

    /** Batches of 1 to 40 in a shuffled order; a third of the batches go twice, a fifth re-send earlier events. */
    private void deliverInRandomBatchesWithRetries(String site, List<EventEnvelope> events, SplittableRandom random) {
        List<EventEnvelope> shuffled = new ArrayList<>(events);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            Collections.swap(shuffled, i, random.nextInt(i + 1));
        }
        List<EventEnvelope> sent = new ArrayList<>();
        int i = 0;
        while (i < shuffled.size()) {
            int size = Math.min(1 + random.nextInt(40), shuffled.size() - i);
            List<EventEnvelope> batch = new ArrayList<>(shuffled.subList(i, i + size));
            if (!sent.isEmpty() && random.nextInt(5) == 0) {
                batch.add(sent.get(random.nextInt(sent.size())));
            }
            post(site, batch);
            if (random.nextInt(3) == 0) {
                assertEquals(batch.size(), post(site, batch).duplicate().size(), "a retried batch is all duplicates");
            }
            sent.addAll(batch);
            i += size;
        }
    }

    private static String provider(SplittableRandom random) {
        return random.nextBoolean() ? "payfast" : "qrpay";
    }

    /** The independent sum: plain counters per store and day. */
    private static final class Model {
        long sales;
        long gross;
        long discount;
        long tax;
        long total;
        long voids;
        long voided;
        long refunds;
        long refunded;
        final Map<String, Long> byMethod = new HashMap<>();

        SalesTotals totals() {
            return new SalesTotals(sales, gross, discount, tax, total, voids, voided, refunds, refunded,
                    total - voided - refunded, byMethod);
        }
    }

    private static Model model(Map<String, Model> models, String site, String day) {
        return models.computeIfAbsent(site + " " + day, k -> new Model());
    }

    /** The site's client over mutual TLS, one per site for the test (a handshake per batch would be most of it). */
    private RelayClient client(String site) {
        return clients.computeIfAbsent(site, relay::client);
    }

    private EventBatchResult post(String site, List<EventEnvelope> events) {
        EventBatchResult result = client(site).postEvents(site, new EventBatch(events));
        assertEquals(List.of(), result.rejected());
        return result;
    }

    private void heartbeat(String site, OutboxBacklog outbox) {
        client(site).heartbeat(site, new Heartbeat(site, now.get(), "test", List.of(), List.of(), 0, outbox));
    }

    private static String week(LocalDate day) {
        return Sales.week(day.with(ChronoField.DAY_OF_WEEK, 1));
    }

    private static SalesTotals totals(JsonNode row) {
        return Json.convert(row.get("totals"), SalesTotals.class);
    }

    private static String error(HttpResponse<String> response) {
        assertEquals(400, response.statusCode(), response.body());
        return Json.tree(response.body()).get("error").textValue();
    }

    private static JsonNode ok(int status, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        return Json.tree(response.body());
    }
}
