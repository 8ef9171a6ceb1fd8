package dev.outpost.sim.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs one piece of work per site index, {@code concurrency} at a time, until every site is done or a deadline. */
final class EachSite {
    /** The work for site {@code index}. */
    @FunctionalInterface
    interface Work {
        void run(int index) throws Exception;
    }

    private EachSite() {
    }

    /** Returns whether the deadline ({@link System#nanoTime()}) cut it short; the first failure is thrown. */
    static boolean run(int sites, int concurrency, long deadline, Work work) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(concurrency);
        boolean timedOut = false;
        try {
            List<Future<Boolean>> done = new ArrayList<>();
            for (int t = 0; t < concurrency; t++) {
                done.add(threads.submit(() -> {
                    for (int s = next.getAndIncrement(); s < sites; s = next.getAndIncrement()) {
                        if (System.nanoTime() > deadline) {
                            return true;
                        }
                        work.run(s);
                    }
                    return false;
                }));
            }
            for (Future<Boolean> f : done) {
                timedOut |= f.get();
            }
        } finally {
            threads.shutdownNow();
        }
        return timedOut;
    }
}
