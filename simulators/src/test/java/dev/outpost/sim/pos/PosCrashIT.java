package dev.outpost.sim.pos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.sim.chain.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's appliance as its own process against a real relay, killed with SIGKILL at seeded points: while the
 * terminals sell (once a seeded number of sales was acknowledged), and while its outbox drains a backlog sold with the
 * WAN cut (once the relay stored a seeded number of it). After each restart every acknowledged sale is on the
 * appliance in its state and total; its day report holds them and at most one unacknowledged sale per terminal per
 * kill; with it down, its {@code pos.db} holds nothing half-applied (no paid sale without its one event, no event
 * without its sale, stock equal to its moves and the moves to the paid sales' lines); and once drained the relay's daily totals equal the appliance's day report (a paid sale never without its
 * event) and it holds every POS event once, in sequence order.
 */
@Tag("integration")
class PosCrashIT {
    static final long SEED = 42;
    static final int KILLS = 8;
    static final int TERMINALS = 3;
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failure leaves the processes' logs behind
    Path dir;

    @Test
    void killedWhileSellingAndWhileDrainingTheApplianceKeepsEveryAcknowledgedSaleAndTheRelayGetsEachEventOnceInOrder()
            throws Exception {
        SplittableRandom random = new SplittableRandom(SEED);
        List<PosTills.Sale> acknowledged = new ArrayList<>();
        int midDrainKills = 0;
        try (PosSite site = PosSite.start(dir, TERMINALS, 1_000, SEED)) {
            site.asProcess(Path.of(System.getProperty("outpost.root")));
            PosTills tills = new PosTills(site.lan(), site.barcodes(), System::nanoTime);
            for (int round = 0; round < KILLS; round++) {
                long seed = SEED * 100 + round;
                PosTills.Run run;
                if (round % 2 == 0) {
                    int killAt = 5 + random.nextInt(40);
                    AtomicInteger sold = new AtomicInteger();
                    CompletableFuture<PosTills.Run> selling = CompletableFuture.supplyAsync(() -> {
                        try {
                            return tills.sellUntilLost(TERMINALS, 1_000_000, seed, sale -> sold.incrementAndGet());
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    Await.until("round " + round + ": " + killAt + " sales acknowledged", WAIT,
                            () -> Optional.of(true).filter(x -> sold.get() >= killAt || selling.isDone()), sold::toString);
                    site.kill();
                    run = selling.join();
                } else {
                    site.wan().cut();
                    run = tills.sell(TERMINALS, 100 + random.nextInt(200), seed);
                    int before = site.relaySequences().size();
                    int backlog = site.status().get("outbox_pending").asInt();
                    int killAfter = before + 1 + random.nextInt(Math.max(1, backlog - 1));
                    site.wan().heal();
                    Await.until("round " + round + ": the relay stored " + killAfter + " events", WAIT,
                            () -> Optional.of(true).filter(x -> site.relaySequences().size() >= killAfter),
                            () -> site.relaySequences().size() + " stored");
                    site.kill();
                    if (site.relaySequences().size() < before + backlog) {
                        midDrainKills++;
                    }
                }
                acknowledged.addAll(run.sales());
                assertEquals(List.of(), halfApplied(dir.resolve("appliance").resolve("pos.db")), "round " + round);
                site.restart();
                check(site, acknowledged, run.sales(), TERMINALS * (round + 1));
            }
            check(site, acknowledged, acknowledged, TERMINALS * KILLS);
        }
        System.out.printf("pos crash: %d kills, %d of them with the outbox mid-drain, %d acknowledged sales%n", KILLS,
                midDrainKills, acknowledged.size());
        assertTrue(acknowledged.size() > KILLS * 5, "the kills landed in real traffic: " + acknowledged.size());
    }

    /**
     * {@code recent} are on the appliance as acknowledged; the day report holds every acknowledged sale and at most
     * {@code lost} more (answers the kills cut off); the relay ends equal to the report, its events once and in order.
     */
    private static void check(PosSite site, List<PosTills.Sale> acknowledged, List<PosTills.Sale> recent, int lost)
            throws Exception {
        String cashier = site.login("till-1", "c-1", PosSite.CASHIER_PIN);
        for (PosTills.Sale sale : recent) {
            JsonNode held = site.call("GET", "/v1/pos/transactions/" + sale.transactionId(), cashier, null, 200);
            if (sale.voided()) {
                assertEquals("VOID", held.get("state").asText(), held.toString());
            } else {
                assertTrue(Set.of("PAID", "VOID").contains(held.get("state").asText()), held.toString());
            }
            assertEquals(sale.totalMinor(), held.get("total_minor").asLong(), held.toString());
        }
        String manager = site.login("till-1", PosSite.MANAGER, PosSite.MANAGER_PIN);
        Set<String> days = Set.copyOf(acknowledged.stream().map(PosTills.Sale::businessDay).toList());
        assertEquals(1, days.size(), "the test runs within one business day: " + days);
        String day = days.iterator().next();
        JsonNode report = site.call("GET", "/v1/pos/reports/day/" + day, manager, null, 200);
        long paid = report.get("sales").asLong() + report.get("voids").asLong();
        long voids = report.get("voids").asLong();
        assertTrue(paid >= acknowledged.size() && paid <= acknowledged.size() + lost,
                "the appliance holds " + paid + " paid sales, " + acknowledged.size() + " acknowledged, at most " + lost
                        + " more cut off: " + report);
        assertTrue(voids >= acknowledged.stream().filter(PosTills.Sale::voided).count(), report.toString());
        String expected = totals(paid, report.get("sales_minor").asLong() + report.get("voids_minor").asLong(), voids,
                report.get("voids_minor").asLong());
        String[] seen = {""};
        Await.until("relay: the daily totals equal the appliance's day report " + expected, WAIT, () -> {
            try {
                JsonNode totals = site.relayDailyTotals(day);
                JsonNode status = site.status();
                seen[0] = (totals == null ? "none" : totals(totals.get("sales").asLong(), totals.get("total_minor").asLong(),
                        totals.get("voids").asLong(), totals.get("voided_minor").asLong())) + "; appliance " + status;
                return Optional.of(true).filter(x -> seen[0].startsWith(expected + ";")
                        && status.get("unsent_events").asLong() == 0 && status.get("outbox_pending").asLong() == 0);
            } catch (Exception e) {
                seen[0] = e.toString();
                return Optional.empty();
            }
        }, () -> seen[0]);
        List<Long> sequences = site.relaySequences();
        assertEquals(LongStream.rangeClosed(1, paid + voids).boxed().toList(), sequences,
                "every paid and voided sale's event once, stored in sequence order");
    }

    /**
     * What the killed appliance's {@code pos.db} holds half-applied, read with it down: a paid sale without exactly one
     * paid event (or a voided one without its void event), an event without its sale, stock that is not the sum of its
     * moves, a paid or voided sale whose moves are not its lines, moves of a sale never paid. Empty when whole.
     */
    private static List<String> halfApplied(Path posDb) throws Exception {
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put("paid sales without exactly one pos.sale.paid", "WITH n AS (SELECT s.sale_id, COUNT(ev.sale_id) c"
                + " FROM pos_sale s LEFT JOIN ev ON ev.sale_id = s.sale_id AND ev.type = 'pos.sale.paid'"
                + " WHERE s.paid_ms IS NOT NULL GROUP BY s.sale_id) SELECT COUNT(*) FROM n WHERE c <> 1");
        checks.put("voided paid sales without exactly one pos.sale.voided", "WITH n AS (SELECT s.sale_id,"
                + " COUNT(ev.sale_id) c FROM pos_sale s LEFT JOIN ev ON ev.sale_id = s.sale_id AND ev.type ="
                + " 'pos.sale.voided' WHERE s.paid_ms IS NOT NULL AND s.state = 'VOID' GROUP BY s.sale_id)"
                + " SELECT COUNT(*) FROM n WHERE c <> 1");
        checks.put("sale events without their sale", "SELECT COUNT(*)"
                + " FROM ev WHERE ev.type LIKE 'pos.sale.%' AND NOT EXISTS (SELECT 1 FROM pos_sale s WHERE s.sale_id ="
                + " ev.sale_id AND s.paid_ms IS NOT NULL)");
        checks.put("stock that is not the sum of its moves", "SELECT COUNT(*) FROM pos_stock st WHERE st.on_hand <>"
                + " (SELECT COALESCE(SUM(delta), 0) FROM pos_stock_move m WHERE m.sku = st.sku)");
        checks.put("paid sales whose SALE moves are not their lines", "WITH q AS (SELECT sale_id, SUM(quantity) units"
                + " FROM pos_line GROUP BY sale_id), m AS (SELECT sale_id, -SUM(delta) units FROM pos_stock_move WHERE"
                + " reason = 'SALE' GROUP BY sale_id) SELECT COUNT(*) FROM pos_sale s JOIN q ON q.sale_id = s.sale_id"
                + " LEFT JOIN m ON m.sale_id = s.sale_id WHERE s.paid_ms IS NOT NULL AND COALESCE(m.units, 0) <> q.units");
        checks.put("voided paid sales whose VOID moves are not their lines", "WITH q AS (SELECT sale_id, SUM(quantity)"
                + " units FROM pos_line GROUP BY sale_id), m AS (SELECT sale_id, SUM(delta) units FROM pos_stock_move"
                + " WHERE reason = 'VOID' GROUP BY sale_id) SELECT COUNT(*) FROM pos_sale s JOIN q ON q.sale_id ="
                + " s.sale_id LEFT JOIN m ON m.sale_id = s.sale_id WHERE s.paid_ms IS NOT NULL AND s.state = 'VOID'"
                + " AND COALESCE(m.units, 0) <> q.units");
        checks.put("stock moves of sales never paid", "SELECT COUNT(*) FROM pos_stock_move m JOIN pos_sale s ON"
                + " s.sale_id = m.sale_id WHERE s.paid_ms IS NULL");
        List<String> found = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + posDb); Statement s = db.createStatement()) {
            s.execute("CREATE TEMP TABLE ev AS SELECT type, json_extract(envelope, '$.payload.transaction_id') AS sale_id"
                    + " FROM pos_event");
            s.execute("CREATE INDEX temp.ev_sale ON ev (sale_id, type)");
            for (Map.Entry<String, String> check : checks.entrySet()) {
                try (ResultSet r = s.executeQuery(check.getValue())) {
                    r.next();
                    if (r.getLong(1) != 0) {
                        found.add(check.getKey() + ": " + r.getLong(1));
                    }
                }
            }
        }
        return found;
    }

    private static String totals(long sales, long totalMinor, long voids, long voidedMinor) {
        return "sales " + sales + " (" + totalMinor + "), voids " + voids + " (" + voidedMinor + ")";
    }
}
