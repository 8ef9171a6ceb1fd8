package dev.outpost.relay.occupancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.json.Json;
import dev.outpost.relay.testing.RelayHarness;
import dev.outpost.relay.testing.StaffClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two relays on one database, 8 sites acquiring, renewing and releasing at once against a capacity of 10: after
 * every answer count + leased_out stays within capacity (read in a transaction), and at the end the count is
 * exactly what the sites reported admitted minus exited, with nothing left leased out.
 */
@Tag("integration")
class OccupancyConcurrencyIT {
    private static final String MALL = "mall-c";
    private static final int THREADS = 8;
    private static final int ROUNDS = 20;
    private static final long CAPACITY = 10;
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    @TempDir
    Path dirA;
    @TempDir
    Path dirB;
    final InstantSource clock = InstantSource.fixed(Instant.parse("2026-11-21T06:00:00Z"));
    RelayHarness a;
    RelayHarness b;
    final AtomicInteger full = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        a = RelayHarness.start(dirA, Map.of(), clock);
        b = RelayHarness.start(dirB, a.store(), Map.of(), clock);
        List<String> sites = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            sites.add("\"s-" + i + "\"");
        }
        HttpResponse<String> created = StaffClient.admin(a).send("POST", "/v1/malls", "{\"id\":\"" + MALL + "\",\"capacity\":"
                + CAPACITY + ",\"sites\":" + sites + ",\"reason\":\"concurrency test\"}");
        assertEquals(201, created.statusCode(), created.body());
    }

    @AfterEach
    void stop() {
        b.close();
        a.close();
    }

    void assertWithinCapacity(String after) {
        long[] n = a.relay().ledger().numbers(MALL);
        assertTrue(n[1] + n[2] <= n[0], after + ": count " + n[1] + " + leased_out " + n[2] + " > capacity " + n[0]);
    }

    /** One site's rounds: acquire, renew with a report, release with the final one. Returns admitted - exited. */
    long site(int i, CountDownLatch go) throws Exception {
        RelayHarness relay = i % 2 == 0 ? a : b;
        String site = "s-" + i;
        String common = "\"mall_id\":\"" + MALL + "\",\"holder_id\":\"" + site + "\",\"recounts\":0";
        SplittableRandom random = new SplittableRandom(i);
        long inside = 0;
        go.await();
        for (int round = 0; round < ROUNDS; round++) {
            HttpResponse<String> acquired = relay.send("POST", "/v1/sites/" + site + "/blocks", "{\"idempotency_key\":\""
                    + UUID.randomUUID() + "\"," + common + ",\"tokens\":" + (1 + random.nextInt(4)) + ",\"ttl\":\"PT60S\"}");
            assertWithinCapacity(site + " acquire");
            assertEquals(200, acquired.statusCode(), acquired.body());
            JsonNode grant = Json.tree(acquired.body());
            if (grant.get("tokens").asInt() == 0) {
                full.incrementAndGet(); // full: an empty block, on which the site still reports its exits
            }
            String lease = grant.get("lease_id").asText();
            int used = random.nextInt(grant.get("tokens").asInt() + 1);
            // a site's exits are people it admitted earlier: the count never has to clamp, so the totals are exact
            int exited = (int) random.nextLong(inside + used + 1);
            HttpResponse<String> renewed = relay.send("POST", "/v1/sites/" + site + "/blocks/" + lease + "/renew",
                    "{\"idempotency_key\":\"" + UUID.randomUUID() + "\",\"lease_id\":\"" + lease + "\"," + common
                            + ",\"tokens\":" + (1 + random.nextInt(4)) + ",\"ttl\":\"PT60S\",\"used\":" + used + ",\"exited\":"
                            + exited + ",\"pre_exited\":0}");
            assertEquals(200, renewed.statusCode(), renewed.body());
            assertWithinCapacity(site + " renew");
            int held = Json.tree(renewed.body()).get("tokens").asInt();
            int moreUsed = random.nextInt(held + 1);
            int moreExited = (int) random.nextLong(inside + used - exited + moreUsed + 1);
            HttpResponse<String> released = relay.send("POST", "/v1/sites/" + site + "/blocks/" + lease + "/release",
                    "{\"idempotency_key\":\"" + UUID.randomUUID() + "\",\"lease_id\":\"" + lease + "\"," + common
                            + ",\"used\":" + (used + moreUsed) + ",\"exited\":" + (exited + moreExited) + ",\"pre_exited\":0}");
            assertEquals(200, released.statusCode(), released.body());
            assertWithinCapacity(site + " release");
            inside += used + moreUsed - exited - moreExited;
        }
        return inside;
    }

    @Test
    void twoRelaysAndEightSitesNeverExceedCapacityAndAddUpExactly() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        long inside = 0;
        try {
            List<Future<Long>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                int site = i;
                futures.add(threads.submit(() -> site(site, go)));
            }
            go.countDown();
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            for (Future<Long> future : futures) {
                inside += future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        long[] n = a.relay().ledger().numbers(MALL);
        assertEquals(List.of(CAPACITY, inside, 0L), List.of(n[0], n[1], n[2]), "capacity, count, leased_out at the end");
        assertTrue(full.get() > 0, "the sites never contended for the last tokens");
        assertTrue(a.relay().audit().verify().ok());
    }

    @Test
    void aChangeThroughOneRelayReachesTheOtherRelaysStream() throws Exception {
        try (OccupancyIT.Stream stream = OccupancyIT.Stream.open(b, StaffClient.login(b, "admin", StaffClient.PASSWORD), MALL)) {
            assertEquals(0, stream.next().get("leased_out").asLong());
            HttpResponse<String> acquired = a.send("POST", "/v1/sites/s-0/blocks", "{\"idempotency_key\":\"" + UUID.randomUUID()
                    + "\",\"mall_id\":\"" + MALL + "\",\"holder_id\":\"s-0\",\"tokens\":3,\"ttl\":\"PT60S\",\"recounts\":0}");
            assertEquals(200, acquired.statusCode(), acquired.body());
            assertEquals(3, stream.nextWhere(d -> d.get("leased_out").asLong() != 0).get("leased_out").asLong());
        }
    }
}
