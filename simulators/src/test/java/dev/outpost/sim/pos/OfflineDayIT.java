package dev.outpost.sim.pos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.appliance.pos.PosEngine;
import dev.outpost.sim.chain.Await;
import dev.outpost.sim.legacy.LegacyPosSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An offline day in small: 500 sales across 5 terminals with the WAN cut, then healed. The cashier's answers have the
 * same shape as with the WAN up and the status says the relay is unreachable, the last delivery kept; every
 * acknowledged sale is on the appliance once, in its state, and in its day report; the relay's daily totals equal the
 * acknowledged sales and it holds every POS event once, in sequence order. The store's legacy POS, on the LAN, takes
 * every paid sale once all along (the simulated device over TCP).
 */
@Tag("integration")
class OfflineDayIT {
    static final int SALES = 500;
    static final int TERMINALS = 5;

    @TempDir
    Path dir;

    @Test
    void fiveHundredSalesWithTheWanDownAllReachTheRelayOnceInOrderAndTheCashierSawNoDifference() throws Exception {
        try (LegacyPosSimulator legacyPos = new LegacyPosSimulator();
             PosSite site = PosSite.start(dir, TERMINALS, 2_000, 6, Map.of("legacy.enabled", "true",
                     "legacy.address", "127.0.0.1:" + legacyPos.serveTcp(0).getPort()))) {
            OfflineDay.Day day = OfflineDay.run(site, List.of(), TERMINALS, SALES, 6, Duration.ofSeconds(60), System::nanoTime);

            assertEquals(SALES, day.offline().sales().size());
            for (String step : List.of("login", "open", "add", "finalize", "cash")) {
                assertEquals(day.online().shapes().get(step), day.offline().shapes().get(step),
                        step + ": the same answer with the WAN down");
            }
            PosEngine.Status offline = day.offlineStatus();
            assertFalse(offline.relayReachable(), "the status shows the relay unreachable: " + offline);
            assertFalse(offline.offline(), "within the offline limit sales go on: " + offline);
            assertNotNull(offline.lastDelivery(), "the last sync before the cut is still shown: " + offline);
            long offlineEvents = day.offline().sales().size() + day.offline().sales().stream()
                    .filter(PosTills.Sale::voided).count();
            assertTrue(offline.outboxPending() >= offlineEvents, "every offline event waits in the outbox: " + offline);

            List<PosTills.Sale> all = Stream.concat(day.online().sales().stream(), day.offline().sales().stream()).toList();
            assertEquals(all.size(), all.stream().map(PosTills.Sale::transactionId).distinct().count());
            assertEquals(all.size() + all.stream().filter(PosTills.Sale::voided).count(), day.events());
            assertTrue(all.stream().anyMatch(PosTills.Sale::voided) && all.stream().anyMatch(s -> s.method().equals("qr")),
                    "the seeded day has voids and QR sales");

            String cashier = site.login("till-1", "c-1", PosSite.CASHIER_PIN);
            for (PosTills.Sale sale : all) {
                JsonNode held = site.call("GET", "/v1/pos/transactions/" + sale.transactionId(), cashier, null, 200);
                assertEquals(sale.voided() ? "VOID" : "PAID", held.get("state").asText(), held.toString());
                assertEquals(sale.totalMinor(), held.get("total_minor").asLong(), held.toString());
            }
            String manager = site.login("till-1", PosSite.MANAGER, PosSite.MANAGER_PIN);
            for (String businessDay : Set.copyOf(all.stream().map(PosTills.Sale::businessDay).toList())) {
                List<PosTills.Sale> kept = all.stream().filter(s -> s.businessDay().equals(businessDay) && !s.voided())
                        .toList();
                JsonNode report = site.call("GET", "/v1/pos/reports/day/" + businessDay, manager, null, 200);
                assertEquals(kept.size(), report.get("sales").asLong(), report.toString());
                assertEquals(kept.stream().mapToLong(PosTills.Sale::totalMinor).sum(), report.get("sales_minor").asLong());
            }
            Set<String> paid = Set.copyOf(all.stream().map(PosTills.Sale::transactionId).toList());
            Await.until("the legacy POS took every paid sale", Duration.ofSeconds(30),
                    () -> Optional.of(true).filter(x -> Set.copyOf(legacyPos.taken()).equals(paid)),
                    () -> legacyPos.taken().size() + " of " + paid.size() + " taken");
            assertEquals(paid.size(), legacyPos.taken().size(), "each once, voided ones too (a void is not forwarded)");

            PosEngine.Status drained = site.engine().status();
            assertEquals(0, drained.outboxPending(), drained.toString());
            assertTrue(drained.relayReachable(), drained.toString());
        }
    }
}
