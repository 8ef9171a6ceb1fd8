package dev.outpost.api.runtime;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * A process asking its own HTTP server for {@code /healthz}: the acceptor, the worker threads and the handler all have
 * to answer, which is what a watchdog should know before it says the process is alive.
 */
public final class SelfProbe {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private SelfProbe() {
    }

    /**
     * @param host the address the server listens on ({@code 0.0.0.0} and {@code ::} are asked on loopback)
     * @return empty when {@code /healthz} answered 200 within 3 s, else what went wrong
     */
    public static Optional<String> healthz(String host, int port) {
        URI uri = URI.create("http://" + loopbackFor(host) + ":" + port + "/healthz");
        try {
            HttpResponse<Void> response = CLIENT.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200 ? Optional.empty()
                    : Optional.of(uri + " answered " + response.statusCode());
        } catch (IOException e) {
            return Optional.of(uri + " did not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(uri + ": interrupted");
        }
    }

    static String loopbackFor(String host) {
        return switch (host) {
            case "0.0.0.0", "" -> "127.0.0.1";
            case "::", "[::]", "::0" -> "[::1]";
            default -> host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        };
    }
}
