package dev.outpost.sim.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * Manifests for many simulated sites: every site is enrolled and put in the store directory, one menu is published
 * for all of them and put live; then each site, on a kept-alive mutual-TLS connection of its own (the handshake is
 * not measured), fetches its manifest once (the relay signs it: a first fetch, or a fetch after a change) and polls
 * it {@code polls} more times with If-None-Match, as an appliance does every 30 s (304 Not Modified).
 */
final class ManifestLoad {
    /** {@code seconds}: the wall time of the measured run, handshakes (one per site) included. */
    record Report(int sites, Latencies fetches, Latencies polls, double seconds, boolean timedOut) {
        double requestsPerSecond() {
            return (fetches.count() + polls.count()) / seconds;
        }
    }

    private ManifestLoad() {
    }

    static Report run(LoadTarget target, int sites, int polls, int concurrency, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        List<SSLContext> tls = HeartbeatLoad.enrollAll(target, sites, concurrency, deadline);
        List<String> ids = new ArrayList<>();
        for (int s = 0; s < sites; s++) {
            ids.add(HeartbeatLoad.site(s));
        }
        target.publishMenuFor(ids);
        Latencies fetches = new Latencies(sites);
        Latencies polled = new Latencies(sites * polls);
        long started = System.nanoTime();
        boolean timedOut = EachSite.run(sites, concurrency, deadline, s -> {
            try (HttpClient client = HttpClient.newBuilder().sslContext(tls.get(s)).build()) {
                URI uri = URI.create("https://127.0.0.1:" + target.httpsPort() + "/v1/sites/" + ids.get(s) + "/manifest");
                // the handshake, on the connection the manifest requests then reuse
                client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + target.httpsPort() + "/healthz"))
                        .build(), HttpResponse.BodyHandlers.discarding());
                long t0 = System.nanoTime();
                HttpResponse<byte[]> first = client.send(HttpRequest.newBuilder(uri).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                long t1 = System.nanoTime();
                check(ids.get(s), first, 200);
                fetches.add(t1 - t0);
                String etag = first.headers().firstValue("ETag").orElseThrow();
                for (int p = 0; p < polls; p++) {
                    long p0 = System.nanoTime();
                    HttpResponse<byte[]> again = client.send(HttpRequest.newBuilder(uri).header("If-None-Match", etag)
                            .build(), HttpResponse.BodyHandlers.ofByteArray());
                    long p1 = System.nanoTime();
                    check(ids.get(s), again, 304);
                    polled.add(p1 - p0);
                }
            }
        });
        return new Report(sites, fetches, polled, (System.nanoTime() - started) / 1e9, timedOut);
    }

    private static void check(String site, HttpResponse<byte[]> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("load manifests: site " + site + ": HTTP " + response.statusCode()
                    + " (expected " + status + "): " + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
