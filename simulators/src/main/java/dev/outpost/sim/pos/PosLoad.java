package dev.outpost.sim.pos;

import dev.outpost.appliance.pos.catalog.CatalogStore;
import dev.outpost.sim.load.Latencies;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * The POS edge's figures for BENCHMARKS.md, on a {@link PosSite} with a large catalog: the terminals selling with the
 * WAN up (add item and finalize, measured at the terminal over the LAN API), barcode lookups in the engine's catalog
 * store from as many threads as terminals, then an {@link OfflineDay} for the outbox catch-up to the relay on loopback.
 * Every sale is checked at the relay as in the offline day. A benchmark, not a test: it never fails on a timing.
 */
public final class PosLoad {
    /** What the run measured. */
    public record Report(PosTills.Run online, Latencies lookups, OfflineDay.Day day) {
    }

    private PosLoad() {
    }

    public static Report run(PosSite site, int terminals, int sales, int lookups, long seed, Duration drainLimit,
                             LongSupplier ticker) throws IOException, InterruptedException, TimeoutException {
        PosTills.Run online = new PosTills(site.lan(), site.barcodes(), ticker).sell(terminals, sales, seed);
        Latencies lookedUp = lookups(site, terminals, lookups, seed, ticker);
        OfflineDay.Day day = OfflineDay.run(site, online.sales(), terminals, sales, seed + 100, drainLimit, ticker);
        return new Report(online, lookedUp, day);
    }

    private static Latencies lookups(PosSite site, int threads, int lookups, long seed, LongSupplier ticker)
            throws InterruptedException {
        CatalogStore catalogs = site.engine().catalogs();
        List<String> barcodes = site.barcodes();
        Latencies latencies = new Latencies(lookups);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                SplittableRandom random = new SplittableRandom(seed * 31 + t);
                int share = lookups / threads + (t < lookups % threads ? 1 : 0);
                running.add(pool.submit(() -> {
                    for (int i = 0; i < share; i++) {
                        String barcode = barcodes.get(random.nextInt(barcodes.size()));
                        long t0 = ticker.getAsLong();
                        if (catalogs.lookup("main", barcode, InstantSource.system().instant()).isEmpty()) {
                            throw new IllegalStateException("pos load: barcode " + barcode + " of the catalog not found");
                        }
                        latencies.add(ticker.getAsLong() - t0);
                    }
                    return null;
                }));
            }
            for (Future<?> r : running) {
                r.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return latencies;
    }
}
