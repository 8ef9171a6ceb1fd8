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
    private final String user;
    private volatile String last = "nothing yet";
    /** The session cookie ({@code name=value}), once logged in. */
    private volatile String session;
    private volatile String csrf;

    /** Signs in to the relay (when a call needs staff) as the demo admin. */
    public ChainProbe(LocalChain chain) {
        this(chain, LocalChain.ADMIN);
    }

    /** Signs in as {@code user}: one of the demo's staff logins ({@link LocalChain#STAFF}). */
    public ChainProbe(LocalChain chain, String user) {
        this.chain = chain;
        this.user = user;
    }

    /** GET a JSON document, or empty if the process does not answer 200 (yet). */
    public Optional<JsonNode> get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET()).filter(r -> r.statusCode() == 200).map(r -> Json.tree(r.body()));
    }

    /** GET a staff-only document of the relay as the probe's user, logging in (again) when needed. */
    public Optional<JsonNode> getAsStaff(URI uri) {
        for (int attempt = 0; attempt < 2; attempt++) {
            if (session == null && !login()) {
                return Optional.empty();
            }
            Optional<HttpResponse<byte[]>> response = send(HttpRequest.newBuilder(uri).header("Cookie", session).GET());
            if (response.isPresent() && response.get().statusCode() == 401) {
                session = null; // the session ended (idle, relay restarted on a new store): log in again
                continue;
            }
            return response.filter(r -> r.statusCode() == 200).map(r -> Json.tree(r.body()));
        }
        return Optional.empty();
    }

    /**
     * POSTs a staff change to the relay as the probe's user, with the session's CSRF token and {@code reason};
     * returns the HTTP status (0 when the relay did not answer) — the caller decides which statuses are fine.
     */
    public int postAsStaff(URI uri, Object body, String reason) {
        return sendAsStaff("POST", uri, body, reason).status();
    }

    /** A staff change's answer: its status (0 when the relay did not answer) and its JSON body (empty if none). */
    public record Answer(int status, Optional<JsonNode> body) {
    }

    /** {@link #postAsStaff} with any method ({@code PUT} a store or a menu layer), keeping the answer's body. */
    public Answer sendAsStaff(String method, URI uri, Object body, String reason) {
        if (session == null && !login()) {
            return new Answer(0, Optional.empty());
        }
        return send(HttpRequest.newBuilder(uri).header("Cookie", session).header("X-CSRF-Token", csrf)
                .header("X-Outpost-Reason", reason).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(Json.write(body))))
                .map(r -> new Answer(r.statusCode(), r.body().length == 0 ? Optional.empty() : Optional.of(Json.tree(r.body()))))
                .orElse(new Answer(0, Optional.empty()));
    }

    private boolean login() {
        String body;
        try {
            body = Json.writeString(Map.of("username", user, "password", chain.password(user)));
        } catch (IOException e) {
            last = "cannot read the demo " + user + "'s password: " + e;
            return false;
        }
        Optional<HttpResponse<byte[]>> response = send(HttpRequest.newBuilder(chain.relayUrl().resolve("/v1/auth/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        Optional<String> cookie = response.filter(r -> r.statusCode() == 200)
                .flatMap(r -> r.headers().firstValue("Set-Cookie")).map(c -> c.substring(0, c.indexOf(';')));
        session = cookie.orElse(null);
        csrf = response.filter(r -> r.statusCode() == 200).map(r -> Json.tree(r.body()).path("csrf_token").asText()).orElse(null);
        return cookie.isPresent();
    }

    private Optional<HttpResponse<byte[]>> send(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<byte[]> response = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
            last = built.uri() + " -> " + response.statusCode() + " " + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
            return Optional.of(response);
        } catch (IOException e) {
            last = built.uri() + " -> " + e;
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
        return getAsStaff(chain.relayUrl().resolve("/v1/fleet/freshness"));
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
