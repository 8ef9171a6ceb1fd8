package dev.outpost.sim.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * Manifests for many simulated sites: every site is enrolled and put in the store directory, one menu is published
 * for all of them and put live. Then, for blocks of {@code open} sites at a time (each connection is a file descriptor
 * at both ends, and this process holds both), each phase timed on its own:
 * <ol>
 *   <li>every site opens its mutual-TLS connection (the handshake with its client certificate), kept alive after;</li>
 *   <li>every site fetches its manifest once: the relay builds the timeline and signs it, as after any plan change;</li>
 *   <li>{@code polls} rounds in which every site asks again with If-None-Match, as an appliance does every 30 s
 *       (304 Not Modified: the guard's certificate check and one read of the menu generation);</li>
 *   <li>the same number of rounds of {@code GET /healthz} on the same connections: what the relay's HTTP and TLS
 *       stack and this generator cost without any manifest work, the ceiling the polls are to be read against.</li>
 * </ol>
 */
final class ManifestLoad {
    /** One timed phase, over every block of sites: its requests' latencies and its wall time. */
    static final class Phase {
        private final Latencies latencies;
        private long nanos;

        Phase(int expected) {
            latencies = new Latencies(expected);
        }

        /** Runs {@code work} for indices 0..count-1, {@code concurrency} at a time, timing each and the whole. */
        void time(int count, int concurrency, long deadline, EachSite.Work work) throws Exception {
            long started = System.nanoTime();
            EachSite.run(count, concurrency, deadline, i -> {
                long t0 = System.nanoTime();
                work.run(i);
                latencies.add(System.nanoTime() - t0);
            });
            nanos += System.nanoTime() - started;
        }

        Latencies latencies() {
            return latencies;
        }

        double seconds() {
            return nanos / 1e9;
        }

        double perSecond() {
            return latencies.count() / seconds();
        }
    }

    record Report(Phase handshakes, Phase fetches, Phase polls, Phase ceiling, boolean timedOut) {
    }

    private ManifestLoad() {
    }

    static Report run(LoadTarget target, int sites, int open, int polls, int concurrency, Duration limit)
            throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        List<SSLContext> tls = HeartbeatLoad.enrollAll(target, sites, concurrency, deadline);
        List<String> ids = new ArrayList<>();
        for (int s = 0; s < sites; s++) {
            ids.add(HeartbeatLoad.site(s));
        }
        target.publishMenuFor(ids);
        Phase handshakes = new Phase(sites);
        Phase fetches = new Phase(sites);
        Phase polled = new Phase(sites * polls);
        Phase ceiling = new Phase(sites * polls);
        for (int from = 0; from < sites && System.nanoTime() < deadline; from += open) {
            List<String> block = ids.subList(from, Math.min(sites, from + open));
            block(block, tls.subList(from, from + block.size()), target.httpsPort(), polls, concurrency, deadline,
                    handshakes, fetches, polled, ceiling);
        }
        return new Report(handshakes, fetches, polled, ceiling, System.nanoTime() > deadline);
    }

    /** The four phases for one block of sites, their connections open together and closed after. */
    private static void block(List<String> ids, List<SSLContext> tls, int port, int polls, int concurrency,
                              long deadline, Phase handshakes, Phase fetches, Phase polled, Phase ceiling)
            throws Exception {
        int sites = ids.size();
        KeptAliveHttps[] connections = new KeptAliveHttps[sites];
        String[] etags = new String[sites];
        try {
            handshakes.time(sites, concurrency, deadline, s -> connections[s] = KeptAliveHttps.open(tls.get(s), port));
            fetches.time(sites, concurrency, deadline, s -> {
                KeptAliveHttps.Reply first = check(ids.get(s), connections[s].get(path(ids.get(s))), 200);
                etags[s] = first.header("ETag");
            });
            rounds(polled, connections, polls, concurrency, deadline, s -> check(ids.get(s),
                    connections[s].get(path(ids.get(s)), "If-None-Match: " + etags[s]), 304));
            rounds(ceiling, connections, polls, concurrency, deadline, s -> check(ids.get(s),
                    connections[s].get("/healthz"), 200));
        } finally {
            for (KeptAliveHttps c : connections) {
                if (c != null) {
                    c.close();
                }
            }
        }
    }

    /**
     * {@code rounds} requests per site, round-robin over the sites so that each connection is idle between its requests
     * as an appliance's is; one request at a time on a connection.
     */
    private static void rounds(Phase phase, KeptAliveHttps[] connections, int rounds, int concurrency, long deadline,
                               EachSite.Work request) throws Exception {
        int sites = connections.length;
        phase.time(sites * rounds, concurrency, deadline, i -> {
            synchronized (connections[i % sites]) {
                request.run(i % sites);
            }
        });
    }

    private static String path(String site) {
        return "/v1/sites/" + site + "/manifest";
    }

    private static KeptAliveHttps.Reply check(String site, KeptAliveHttps.Reply reply, int status) {
        if (reply.status() != status) {
            throw new IllegalStateException("load manifests: site " + site + ": HTTP " + reply.status() + " (expected "
                    + status + "): " + reply.text());
        }
        return reply;
    }
}
