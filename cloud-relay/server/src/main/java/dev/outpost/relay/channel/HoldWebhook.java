package dev.outpost.relay.channel;

import dev.outpost.api.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.tinylog.Logger;

/**
 * Tells an owner that changes wait for them: one POST per hold opened to the hold rules' {@code notify_url},
 * {@code {"event": "channel.hold.opened", "hold": {...}}}, within 5 s. A notice is a courtesy: one that cannot be
 * delivered is logged, and the hold waits in the console and {@code GET /v1/channel-holds} all the same.
 */
final class HoldWebhook {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    void opened(String url, List<Holds.Hold> holds) {
        if (url == null || holds.isEmpty()) {
            return;
        }
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()) {
            for (Holds.Hold hold : holds) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(Map.of("event", "channel.hold.opened",
                                "hold", hold)))).build();
                try {
                    int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status / 100 != 2) {
                        Logger.warn("channel hold {} ({} at {}): the notify_url {} answered HTTP {}", hold.id(),
                                hold.item(), hold.site(), url, status);
                    }
                } catch (IOException e) {
                    Logger.warn("channel hold {} ({} at {}): cannot notify {}: {}", hold.id(), hold.item(), hold.site(),
                            url, e.toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
