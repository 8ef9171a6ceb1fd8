package dev.outpost.sim.load;

import dev.outpost.api.heartbeat.DeviceStatus;
import dev.outpost.api.heartbeat.Heartbeat;
import dev.outpost.api.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * Heartbeats from many simulated sites: {@code rounds} rounds in which every one of {@code sites} sites posts one
 * heartbeat (three devices each), sent by {@code concurrency} threads. Every site is enrolled first (its own key and
 * certificate from the relay's device CA) and every heartbeat opens its own mutual-TLS connection, as a site waking
 * every 30 s would. A first, unmeasured round creates every site's row and warms the JIT; then latency is recorded
 * per request, handshake included.
 */
final class HeartbeatLoad {
    record Report(int requests, double seconds, double p50Millis, double p99Millis, double maxMillis, long fleetSites,
                  boolean timedOut) {
        double requestsPerSecond() {
            return requests / seconds;
        }
    }

    private HeartbeatLoad() {
    }

    static Report run(LoadTarget target, int sites, int rounds, int concurrency, Duration limit) throws Exception {
        List<SSLContext> tls = enrollAll(target, sites, concurrency, System.nanoTime() + limit.toNanos());
        Instant at = InstantSource.system().instant();
        List<String> bodies = new ArrayList<>(sites);
        for (int s = 0; s < sites; s++) {
            String site = site(s);
            List<DeviceStatus> devices = List.of(new DeviceStatus("board-1", "board", "1.4.2", "RUNNING", at),
                    new DeviceStatus("kiosk-1", "kiosk", "1.4.2", "RUNNING", at),
                    new DeviceStatus("pos-1", "pos", "1.4.2", "RUNNING", at));
            bodies.add(Json.writeString(new Heartbeat(site, at, "1.4.2", devices, List.of(), 123_456_789L)));
        }
        round(target, tls, bodies, concurrency, null, System.nanoTime() + limit.toNanos());
        Latencies latencies = new Latencies(sites * rounds);
        long deadline = System.nanoTime() + limit.toNanos();
        long started = System.nanoTime();
        boolean timedOut = false;
        for (int r = 0; r < rounds && !timedOut; r++) {
            timedOut = round(target, tls, bodies, concurrency, latencies, deadline);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long fleetSites = target.fleetSites();
        return new Report(latencies.count(), seconds, latencies.percentileMillis(50), latencies.percentileMillis(99),
                latencies.percentileMillis(100), fleetSites, timedOut);
    }

    /** Enrolls every site, {@code concurrency} at a time, before anything is measured. */
    static List<SSLContext> enrollAll(LoadTarget target, int sites, int concurrency, long deadline) throws Exception {
        SSLContext[] tls = new SSLContext[sites];
        AtomicInteger enrolled = new AtomicInteger();
        if (EachSite.run(sites, concurrency, deadline, s -> {
            tls[s] = target.identities().enroll(site(s));
            enrolled.incrementAndGet();
        })) {
            throw new IllegalStateException("load: enrolling " + sites + " sites took longer than --max-seconds ("
                    + enrolled.get() + " done)");
        }
        return List.of(tls);
    }

    static String site(int index) {
        return "store-%05d".formatted(index);
    }

    /** One heartbeat per site; returns whether the deadline cut it short. */
    private static boolean round(LoadTarget target, List<SSLContext> tls, List<String> bodies, int concurrency,
                                 Latencies latencies, long deadline) throws Exception {
        return EachSite.run(bodies.size(), concurrency, deadline, s -> {
            long t0 = System.nanoTime();
            OneShotHttps.Reply reply = OneShotHttps.post(tls.get(s), target.httpsPort(),
                    "/v1/sites/" + site(s) + "/heartbeat", bodies.get(s));
            long elapsed = System.nanoTime() - t0;
            if (reply.status() != 200) {
                throw new IllegalStateException("load heartbeats: site " + site(s) + ": HTTP " + reply.status() + ": "
                        + reply.body());
            }
            if (latencies != null) {
                latencies.add(elapsed);
            }
        });
    }
}
