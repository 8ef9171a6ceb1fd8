package dev.outpost.sim.load;

import dev.outpost.api.event.EventBatch;
import dev.outpost.api.event.EventBatchResult;
import dev.outpost.api.event.EventEnvelope;
import dev.outpost.api.event.UuidV7;
import dev.outpost.api.json.Json;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Event ingestion load: {@code clients} threads, each its own enrolled site on one kept-alive mutual-TLS
 * connection, post batches of {@code batchSize} events; every {@code resendEvery}-th request re-sends the thread's previous batch (an outbox retry after a lost
 * reply), so the relay de-duplicates as it would in the field. Batches are serialized before the clock starts, so
 * the figure is the relay's, not the client's JSON encoder's.
 */
final class IngestLoad {
    record Report(long requests, long accepted, long duplicate, long rejected, double seconds, double p50Millis,
                  double p99Millis, boolean timedOut) {
        double eventsPerSecond() {
            return (accepted + duplicate) / seconds;
        }
    }

    private IngestLoad() {
    }

    static Report run(LoadTarget target, int clients, int batchSize, int batchesPerClient, int resendEvery,
                      Duration limit, long seed) throws Exception {
        List<List<String>> bodies = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            bodies.add(batches("load-" + seed + "-" + c, batchSize, batchesPerClient, new SplittableRandom(seed + c)));
        }
        List<HttpClient> sites = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            sites.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .sslContext(target.identities().enroll("load-" + seed + "-" + c)).build());
        }
        AtomicLong accepted = new AtomicLong();
        AtomicLong duplicate = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        AtomicLong requests = new AtomicLong();
        int perClientRequests = batchesPerClient + (resendEvery > 0 ? batchesPerClient / resendEvery : 0);
        Latencies latencies = new Latencies(clients * perClientRequests);
        long deadline = System.nanoTime() + limit.toNanos();
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        boolean timedOut = false;
        try {
            List<Future<Boolean>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                List<String> mine = bodies.get(c);
                HttpClient http = sites.get(c);
                String site = "load-" + seed + "-" + c;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < mine.size(); i++) {
                        if (System.nanoTime() > deadline) {
                            return true;
                        }
                        send(http, target, site, mine.get(i), accepted, duplicate, rejected, latencies);
                        requests.incrementAndGet();
                        if (resendEvery > 0 && i % resendEvery == resendEvery - 1) {
                            send(http, target, site, mine.get(i), accepted, duplicate, rejected, latencies);
                            requests.incrementAndGet();
                        }
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
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Report(requests.get(), accepted.get(), duplicate.get(), rejected.get(), seconds,
                latencies.percentileMillis(50), latencies.percentileMillis(99), timedOut);
    }

    private static void send(HttpClient http, LoadTarget target, String site, String body, AtomicLong accepted,
                             AtomicLong duplicate, AtomicLong rejected, Latencies latencies) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> reply = http.send(HttpRequest.newBuilder(target.identities().https("/v1/sites/" + site + "/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        latencies.add(System.nanoTime() - t0);
        if (reply.statusCode() != 200) {
            throw new IllegalStateException("load ingest: site " + site + ": HTTP " + reply.statusCode() + ": " + reply.body());
        }
        EventBatchResult result = Json.read(reply.body(), EventBatchResult.class);
        accepted.addAndGet(result.accepted().size());
        duplicate.addAndGet(result.duplicate().size());
        rejected.addAndGet(result.rejected().size());
    }

    private static List<String> batches(String site, int batchSize, int count, SplittableRandom random) {
        UuidV7 ids = new UuidV7(InstantSource.system(), random);
        String[] types = {"pos.sale", "gate.admit", "gate.exit", "pos.refund"};
        List<String> out = new ArrayList<>(count);
        long sequence = 0;
        for (int b = 0; b < count; b++) {
            List<EventEnvelope> events = new ArrayList<>(batchSize);
            for (int i = 0; i < batchSize; i++) {
                sequence++;
                String type = types[random.nextInt(types.length)];
                events.add(new EventEnvelope(ids.next(), site, "till-1", type, InstantSource.system().instant(), sequence,
                        Json.tree("{\"total_cents\":" + random.nextInt(100_000) + ",\"items\":" + (1 + random.nextInt(9))
                                + ",\"cashier\":\"c-" + random.nextInt(20) + "\"}")));
            }
            out.add(Json.writeString(new EventBatch(events)));
        }
        return out;
    }
}
