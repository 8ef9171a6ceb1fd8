package dev.outpost.sim.pos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.appliance.pos.PosEngine;
import dev.outpost.sim.chain.Await;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * A store's day with the WAN down: a few sales while the relay is reachable (so the site has delivered once), the WAN
 * cut, {@code sales} sales across the terminals, the WAN healed, and a wait until the relay's daily totals equal what
 * the appliance acknowledged — count and money, sales and voids — with every event of the POS engine stored once, in
 * its sequence order. The {@code load offline-day} command and {@code OfflineDayIT} both run it.
 */
public final class OfflineDay {
    /** Sales made before the cut, so the site has a last delivery to keep showing. */
    static final int ONLINE_SALES = 10;

    /**
     * What the day did: the sales before the cut and with the WAN down, the status the cashier saw at the end of the
     * offline selling, how long after the heal the relay had everything, and how fast it came once it started coming
     * (from the first offline event stored to the last).
     */
    public record Day(PosTills.Run online, PosTills.Run offline, PosEngine.Status offlineStatus, int events,
                      Duration drain, Duration catchUp, int caughtUp) {
        public double salesPerSecond() {
            return offline.sales().size() / seconds(offline.elapsed());
        }

        public double catchUpEventsPerSecond() {
            return caughtUp / seconds(catchUp);
        }

        private static double seconds(Duration d) {
            return Math.max(1, d.toNanos()) / 1e9;
        }
    }

    private OfflineDay() {
    }

    /** The day on {@code site}, which already made {@code earlier} sales (acknowledged, in the relay's totals). */
    public static Day run(PosSite site, List<PosTills.Sale> earlier, int terminals, int sales, long seed,
                          Duration drainLimit, LongSupplier ticker)
            throws IOException, InterruptedException, TimeoutException {
        PosTills tills = new PosTills(site.lan(), site.barcodes(), ticker);
        PosTills.Run online = tills.sell(terminals, ONLINE_SALES, seed);
        awaitRelay(site, Stream.concat(earlier.stream(), online.sales().stream()).toList(), drainLimit);
        int before = site.relaySequences().size();

        site.wan().cut();
        PosTills.Run offline = tills.sell(terminals, sales, seed + 1);
        PosEngine.Status status = site.engine().status();
        long healed = ticker.getAsLong();
        site.wan().heal();
        long[] first = {0};
        Await.until("relay: the offline day's first event stored", drainLimit, () -> {
            if (site.relaySequences().size() > before) {
                first[0] = ticker.getAsLong();
                return Optional.of(true);
            }
            return Optional.empty();
        }, () -> "relay holds " + before + " events");
        int events = awaitRelay(site, Stream.of(earlier, online.sales(), offline.sales()).flatMap(List::stream).toList(),
                drainLimit);
        long done = ticker.getAsLong();
        return new Day(online, offline, status, events, Duration.ofNanos(done - healed), Duration.ofNanos(done - first[0]),
                events - before);
    }

    /**
     * Waits until the relay's daily totals for the site equal {@code acknowledged}, every sale the site made, then
     * checks that it stored the POS engine's events exactly once and in order (sequences 1…n in the order stored, n the
     * sales and voids acknowledged); returns n.
     */
    public static int awaitRelay(PosSite site, List<PosTills.Sale> acknowledged, Duration limit) throws TimeoutException {
        Map<String, String> expected = expectedTotals(acknowledged);
        Map<String, String> seen = new TreeMap<>();
        Await.until("relay: the daily totals equal the acknowledged sales " + expected, limit, () -> {
            seen.clear();
            for (String day : expected.keySet()) {
                try {
                    JsonNode totals = site.relayDailyTotals(day);
                    seen.put(day, totals == null ? "none" : totals(totals.get("sales").asLong(),
                            totals.get("total_minor").asLong(), totals.get("voids").asLong(),
                            totals.get("voided_minor").asLong()));
                } catch (IOException e) {
                    seen.put(day, e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.of(false);
                }
            }
            return seen.equals(expected) ? Optional.of(true) : Optional.empty();
        }, seen::toString);
        List<Long> sequences = site.relaySequences();
        List<Long> inOrder = LongStream.rangeClosed(1, sequences.size()).boxed().toList();
        if (!sequences.equals(inOrder)) {
            throw new IllegalStateException("relay: site " + PosSite.SITE + " holds the pos events out of order or with"
                    + " gaps: " + sequences);
        }
        int paidAndVoided = acknowledged.size() + (int) acknowledged.stream().filter(PosTills.Sale::voided).count();
        if (sequences.size() != paidAndVoided) {
            throw new IllegalStateException("relay: site " + PosSite.SITE + " holds " + sequences.size()
                    + " pos events, the appliance acknowledged " + paidAndVoided + " (sales and voids)");
        }
        return sequences.size();
    }

    /** Per business day: sales, their total, voids, the voided total — what the relay's daily read must say. */
    private static Map<String, String> expectedTotals(List<PosTills.Sale> acknowledged) {
        return acknowledged.stream().collect(Collectors.groupingBy(
                PosTills.Sale::businessDay, TreeMap::new, Collectors.collectingAndThen(Collectors.toList(), day ->
                        totals(day.size(), day.stream().mapToLong(PosTills.Sale::totalMinor).sum(),
                                day.stream().filter(PosTills.Sale::voided).count(),
                                day.stream().filter(PosTills.Sale::voided).mapToLong(PosTills.Sale::totalMinor).sum()))));
    }

    private static String totals(long sales, long totalMinor, long voids, long voidedMinor) {
        return "sales " + sales + " (" + totalMinor + "), voids " + voids + " (" + voidedMinor + ")";
    }
}
