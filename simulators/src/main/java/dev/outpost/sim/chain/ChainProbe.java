package dev.outpost.sim.chain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/** Reads a running chain over HTTP, as an operator would: health of each process and the relay's fleet view. */
public final class ChainProbe {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final LocalChain chain;
    private volatile String last = "nothing yet";

    public ChainProbe(LocalChain chain) {
        this.chain = chain;
    }

    /** GET a JSON document, or empty if the process does not answer 200 (yet). */
    public Optional<JsonNode> get(URI uri) {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            last = uri + " -> " + response.statusCode() + " " + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
            return response.statusCode() == 200 ? Optional.of(Json.tree(response.body())) : Optional.empty();
        } catch (IOException e) {
            last = uri + " -> " + e;
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Waits until every process answers {@code /healthz} with state RUNNING. */
    public void awaitRunning(Duration deadline) throws TimeoutException {
        for (Map.Entry<String, URI> e : chain.health().entrySet()) {
            ManagedProcess process = chain.process(e.getKey());
            Await.until(e.getKey() + " is RUNNING", deadline, () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(e.getKey() + " exited; see " + process.log());
                }
                return get(e.getValue()).filter(h -> "RUNNING".equals(h.path("state").asText()));
            }, () -> last);
        }
    }

    public Optional<JsonNode> freshness() {
        return get(chain.relayUrl().resolve("/v1/fleet/freshness"));
    }

    /** The state the relay shows for one device, or empty if the relay has not heard of it. */
    public Optional<String> deviceState(JsonNode freshness, String siteId, String deviceId) {
        for (JsonNode site : freshness.path("sites")) {
            if (site.path("site_id").asText().equals(siteId)) {
                for (JsonNode device : site.path("devices")) {
                    if (device.path("device_id").asText().equals(deviceId)) {
                        return Optional.of(device.path("state").asText());
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Waits until the relay's fleet view shows every device of {@code plan} in one of {@code states}. */
    public JsonNode awaitFleet(ChainPlan plan, Duration deadline, String... states) throws TimeoutException {
        java.util.Set<String> wanted = java.util.Set.of(states);
        return Await.until("the relay shows all " + plan.deviceCount() + " devices in " + wanted, deadline, () -> freshness().filter(f -> {
            for (ChainPlan.Site site : plan.sites()) {
                for (ChainPlan.Device device : site.devices()) {
                    if (!deviceState(f, site.siteId(), device.deviceId()).map(wanted::contains).orElse(false)) {
                        return false;
                    }
                }
            }
            return true;
        }), () -> last);
    }

    public String lastSeen() {
        return last;
    }
}
