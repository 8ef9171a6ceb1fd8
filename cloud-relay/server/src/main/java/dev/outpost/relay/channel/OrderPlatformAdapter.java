package dev.outpost.relay.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.api.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An order platform's menu API: one HTTP JSON POST per item to the channel's endpoint, carrying the idempotency key in
 * {@value #KEY_HEADER}, within the channel's timeout. Body: {@code {"channel", "item", "key", "value"}}, or
 * {@code "removed": true} instead of a value. A 2xx accepts; any other 4xx except 408 and 429 rejects (its
 * {@code reason} or {@code error} field, else its status and body, is the reason); a timeout, a 408, 429 or 5xx, or a
 * broken connection fails and is retried.
 */
final class OrderPlatformAdapter implements ChannelAdapter.Remote {
    static final String KIND = "order-platform";
    static final String KEY_HEADER = "Idempotency-Key";
    private static final int REASON_CHARS = 300;

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<Outcome> send(Channel channel, List<Push> pushes) {
        Duration timeout = Duration.ofMillis(channel.timeoutMs());
        List<Outcome> out = new ArrayList<>();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build()) {
            for (Push push : pushes) {
                out.add(send(http, channel, push, timeout));
            }
        }
        return out;
    }

    private static Outcome send(HttpClient http, Channel channel, Push push, Duration timeout) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("channel", channel.id());
        body.put("item", push.item());
        body.put("key", push.key());
        if (push.value() == null) {
            body.put("removed", true);
        } else {
            body.set("value", push.value());
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(channel.endpoint())).timeout(timeout)
                .header("Content-Type", "application/json").header(KEY_HEADER, push.key())
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(body))).build();
        String where = "POST " + channel.endpoint() + ": ";
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status / 100 == 2) {
                return Outcome.ACCEPTED;
            }
            String reason = where + "HTTP " + status + ": " + reason(response.body());
            return status / 100 == 4 && status != 408 && status != 429 ? Outcome.rejected(reason) : Outcome.failed(reason);
        } catch (HttpTimeoutException e) {
            return Outcome.failed(where + "no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return Outcome.failed(where + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.failed(where + "interrupted (the relay is stopping)");
        }
    }

    private static String reason(String body) {
        try {
            JsonNode tree = Json.tree(body);
            for (String field : List.of("reason", "error")) {
                if (tree.path(field).isTextual()) {
                    return tree.get(field).textValue();
                }
            }
        } catch (RuntimeException e) {
            // not JSON: the text itself says why
        }
        return body.length() > REASON_CHARS ? body.substring(0, REASON_CHARS) + "…" : body;
    }
}
