package dev.outpost.display.kds;

import dev.outpost.api.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A kitchen screen's bump and recall, sent to the appliance's LAN HTTP ({@code POST /v1/kds/{station}/bump} and
 * {@code .../recall}): the appliance holds the orders, so the cook's tap is answered only once it is on the
 * appliance's disk, or refused with the appliance's reason. Nothing is queued on the screen: a bump the appliance did
 * not take is not on the board.
 */
public final class StationCommands {
    /** The appliance's answer: its HTTP status and JSON body. */
    public record Answer(int status, String body) {
    }

    private final String device;
    private final URI appliance;
    private final String station;
    private final Duration timeout;
    private final HttpClient http;

    public StationCommands(String device, URI appliance, String station, Duration timeout) {
        this.device = device;
        this.appliance = appliance;
        this.station = station;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** @param body the page's JSON, {@code {"order_id": "..."}}, checked by the appliance */
    public Answer bump(byte[] body) {
        return post("/bump", body);
    }

    public Answer recall() {
        return post("/recall", new byte[0]);
    }

    private Answer post(String action, byte[] body) {
        URI uri = appliance.resolve("/v1/kds/" + station + action);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            return unreachable(uri, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unreachable(uri, "interrupted");
        }
    }

    private Answer unreachable(URI uri, String why) {
        return new Answer(502, Json.writeString(Map.of("error", "display " + device
                + ": station " + station + ": the appliance did not answer POST " + uri + " (" + why
                + "); nothing changed, try again")));
    }
}
