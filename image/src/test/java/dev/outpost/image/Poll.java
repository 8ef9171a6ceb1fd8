package dev.outpost.image;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** For the processes these tests start: a free port to give them, a GET, and a condition polled up to a deadline. */
final class Poll {
    private Poll() {
    }

    interface Check {
        boolean holds() throws Exception;
    }

    /**
     * Polls {@code check} every 200 ms until {@code limit} on the monotonic clock (a connection refused counts as not
     * yet); fails naming {@code what} and showing the end of {@code log}.
     */
    static void until(String what, Duration limit, Path log, Check check) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                if (check.holds()) {
                    return;
                }
            } catch (ConnectException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + limit + "; end of " + log.getFileName() + ":\n"
                        + tail(log));
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    /** The last 6,000 characters of {@code log}, or "(none)". */
    static String tail(Path log) throws IOException {
        String all = Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "(none)";
        return all.substring(Math.max(0, all.length() - 6000));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static HttpResponse<String> get(HttpClient client, URI uri) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
