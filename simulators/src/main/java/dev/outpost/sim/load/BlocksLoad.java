package dev.outpost.sim.load;

import dev.outpost.api.client.RelayClient;
import dev.outpost.api.client.RelayException;
import dev.outpost.api.lease.LeaseAcquire;
import dev.outpost.api.lease.LeaseGrant;
import dev.outpost.api.lease.LeaseRelease;
import dev.outpost.api.lease.LeaseRenew;
import dev.outpost.relay.occupancy.OccupancyView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * Site-block load on the occupancy ledger: one mall, with a capacity the run never exhausts, bound to {@code sites}
 * enrolled sites. Each site is one thread with its own {@link RelayClient} (one kept-alive mutual-TLS connection, as
 * an appliance holds) and runs cycles of acquire, renew with a report of admissions and exits, and release with the
 * final report, until the duration is up. Every request is one ledger transaction that locks the mall's row and
 * appends an audit record, so the figure is the ledger's throughput on one mall. Each site does one unmeasured cycle
 * first (connection, JIT), then all start together. A grant is an acquire or renew answer.
 */
final class BlocksLoad {
    static final String MALL = "load-mall";
    private static final Duration TTL = Duration.ofSeconds(60);

    /**
     * @param inside what the sites reported admitted minus exited, in all: the count the ledger must hold at the end
     */
    record Report(long cycles, long refused, int requests, double seconds, double p50Millis, double p99Millis,
                  long inside, OccupancyView after) {
        /** Each cycle got two grants: its acquire's and its renew's. */
        long grants() {
            return 2 * cycles;
        }

        double grantsPerSecond() {
            return grants() / seconds;
        }

        double requestsPerSecond() {
            return requests / seconds;
        }

        /** count + leased_out within capacity, nothing left leased out, and the count what the sites reported. */
        boolean consistent() {
            return after.count() + after.leasedOut() <= after.capacity() && after.leasedOut() == 0 && after.count() == inside;
        }
    }

    private BlocksLoad() {
    }

    static Report run(LoadTarget target, int sites, int tokens, long capacity, Duration duration, long seed) throws Exception {
        List<String> names = new ArrayList<>();
        List<RelayClient> clients = new ArrayList<>();
        for (int s = 0; s < sites; s++) {
            String site = "load-site-%03d".formatted(s);
            SSLContext tls = target.identities().enroll(site);
            names.add(site);
            clients.add(RelayClient.create(RelayClient.Options.of(target.identities().https("")).withSslContext(tls)));
        }
        target.registerMall(MALL, capacity, names);
        AtomicLong cycles = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        Latencies latencies = new Latencies(sites * 3 * 1000);
        CountDownLatch warmedUp = new CountDownLatch(sites);
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[2]; // started, deadline: written before go opens
        ExecutorService threads = Executors.newFixedThreadPool(sites);
        long inside = 0;
        try {
            List<Future<Long>> done = new ArrayList<>();
            for (int s = 0; s < sites; s++) {
                Site site = new Site(names.get(s), clients.get(s), tokens, new SplittableRandom(seed + s));
                done.add(threads.submit(() -> {
                    try {
                        site.cycle(null);
                    } finally {
                        warmedUp.countDown(); // a failed warm-up must not hold the others back
                    }
                    go.await();
                    while (System.nanoTime() < window[1]) {
                        if (site.cycle(latencies)) {
                            cycles.incrementAndGet();
                        } else {
                            refused.incrementAndGet();
                        }
                    }
                    return site.inside;
                }));
            }
            warmedUp.await();
            window[0] = System.nanoTime();
            window[1] = window[0] + duration.toNanos();
            go.countDown();
            for (Future<Long> f : done) {
                inside += f.get();
            }
        } finally {
            threads.shutdownNow();
            clients.forEach(RelayClient::close);
        }
        double seconds = (System.nanoTime() - window[0]) / 1e9;
        return new Report(cycles.get(), refused.get(), latencies.count(), seconds,
                latencies.percentileMillis(50), latencies.percentileMillis(99), inside, target.occupancy(MALL));
    }

    /** One site's cycles; used by its own thread only. */
    private static final class Site {
        final String name;
        final RelayClient client;
        final int tokens;
        final SplittableRandom random;
        long inside;

        Site(String name, RelayClient client, int tokens, SplittableRandom random) {
            this.name = name;
            this.client = client;
            this.tokens = tokens;
            this.random = random;
        }

        /**
         * Acquire, renew, release; false when the acquire was refused (409: the mall is full), which ends the cycle.
         * Null latencies: a warm-up, not measured.
         */
        boolean cycle(Latencies latencies) {
            long t0 = System.nanoTime();
            LeaseGrant grant;
            try {
                grant = client.acquireBlock(name, new LeaseAcquire(UUID.randomUUID(), MALL, name, tokens, TTL, 0));
            } catch (RelayException e) {
                if (e.status().orElse(0) != 409) {
                    throw e;
                }
                record(latencies, t0);
                return false;
            }
            t0 = record(latencies, t0);
            // admissions within the block, exits only of people this site let in: the count never has to clamp
            int used = random.nextInt(grant.tokens() + 1);
            int exited = (int) random.nextLong(inside + used + 1);
            LeaseGrant renewed = client.renewBlock(name, new LeaseRenew(UUID.randomUUID(), grant.leaseId(), MALL, name, tokens,
                    TTL, used, exited, 0, 0)); // the benchmark's mall is never recounted
            t0 = record(latencies, t0);
            int moreUsed = random.nextInt(renewed.tokens() + 1);
            int moreExited = (int) random.nextLong(inside + used - exited + moreUsed + 1);
            client.releaseBlock(name, new LeaseRelease(UUID.randomUUID(), grant.leaseId(), MALL, name, used + moreUsed,
                    exited + moreExited, 0, 0));
            record(latencies, t0);
            inside += used + moreUsed - exited - moreExited;
            return true;
        }

        private static long record(Latencies latencies, long since) {
            long now = System.nanoTime();
            if (latencies != null) {
                latencies.add(now - since);
            }
            return now;
        }
    }
}
