package dev.outpost.display.page;

import dev.outpost.api.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A screen's requests to the appliance's LAN HTTP (the kitchen's bumps, the cashier's sale), answered with what the
 * appliance answered. An appliance out of reach is a 502 whose error says the request and why; nothing is queued on
 * the screen to be sent late.
 */
public final class ApplianceHttp {
    /** The appliance's answer: its HTTP status and JSON body. */
    public record Answer(int status, String body) {
        public boolean ok() {
            return status / 100 == 2;
        }
    }

    private final String device;
    private final URI appliance;
    private final Duration timeout;
    private final HttpClient http;

    public ApplianceHttp(String device, URI appliance, Duration timeout) {
        this.device = device;
        this.appliance = appliance;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /**
     * @param path   the appliance's path, e.g. {@code /v1/kds/grill/bump}
     * @param body   JSON; empty for none
     * @param bearer the {@code Authorization: Bearer} token, if any
     */
    public Answer send(String method, String path, byte[] body, Optional<String> bearer) {
        URI uri = appliance.resolve(path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body.length > 0) {
            request.header("Content-Type", "application/json");
        }
        bearer.ifPresent(token -> request.header("Authorization", "Bearer " + token));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            return unreachable(method, uri, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unreachable(method, uri, "interrupted");
        }
    }

    private Answer unreachable(String method, URI uri, String why) {
        return new Answer(502, Json.writeString(Map.of("error", "display " + device + ": the appliance did not answer "
                + method + " " + uri + " (" + why + "); nothing changed, try again")));
    }
}
