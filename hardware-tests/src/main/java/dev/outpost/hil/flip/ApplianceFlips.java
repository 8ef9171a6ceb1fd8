package dev.outpost.hil.flip;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.json.Json;
import dev.outpost.appliance.flip.FlipView;
import dev.outpost.hil.Waits;
import dev.outpost.site.message.FlipOutcome;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real bench's screens: the flips its appliance reports on {@code GET /v1/flips}. The check takes the first flip
 * that activates after it starts waiting, once decided and every screen that prepared reported its commit; QA plans
 * one in the relay's console (Menus, then Plans) to activate while the suite waits.
 */
public final class ApplianceFlips implements FlipSource {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration LOOK_EVERY = Duration.ofMillis(500);

    private final URI view;
    private final int screens;
    private final InstantSource clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
    private volatile String lastSeen = "nothing yet";

    /** {@code clock}: the bench's time, against which a flip activated since the check began is told apart. */
    public ApplianceFlips(URI appliance, int screens, InstantSource clock) {
        this.view = appliance.resolve("/v1/flips");
        this.screens = screens;
        this.clock = clock;
    }

    @Override
    public int screens() {
        return screens;
    }

    @Override
    public String describe() {
        return screens + " screens of the appliance at " + view + " (plan a flip to activate while the suite waits; "
                + "last read: " + lastSeen + ")";
    }

    @Override
    public Optional<FlipView.Flip> next(Duration deadline) {
        Instant since = clock.instant();
        AtomicReference<FlipView.Flip> done = new AtomicReference<>();
        Waits.until(deadline, LOOK_EVERY, () -> {
            fetch().flatMap(v -> v.flips().stream()
                    .filter(f -> f.activateAt().isAfter(since) && FlipSource.reported(f))
                    .reduce((newer, older) -> older))
                    .ifPresent(done::set);
            return done.get() != null;
        });
        return Optional.ofNullable(done.get());
    }

    private Optional<FlipView> fetch() {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(view).timeout(REQUEST_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                lastSeen = "HTTP " + response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8);
                return Optional.empty();
            }
            FlipView flips = parse(Json.tree(response.body()));
            lastSeen = flips.flips().size() + " flips, none activated since the check began";
            return Optional.of(flips);
        } catch (IOException | RuntimeException e) {
            lastSeen = e.toString();
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * The view as the appliance writes it, read leniently: a screen's reason and commit instant are null until it
     * has them, which the strict reader refuses.
     */
    static FlipView parse(JsonNode view) {
        List<FlipView.Flip> flips = new ArrayList<>();
        for (JsonNode f : view.path("flips")) {
            List<FlipView.Device> devices = new ArrayList<>();
            for (JsonNode d : f.path("devices")) {
                devices.add(new FlipView.Device(d.path("device_id").asText(), d.path("answer").isTextual()
                        ? FlipOutcome.valueOf(d.get("answer").textValue()) : null, text(d, "reason"),
                        instant(d, "committed_at"), d.path("autonomous").isBoolean() ? d.get("autonomous").booleanValue()
                        : null));
            }
            flips.add(new FlipView.Flip(UUID.fromString(f.path("flip_id").asText()), f.path("variant").asText(),
                    f.path("locale").asText(), f.path("version_id").asText(), f.path("sha256").asText(),
                    instant(f, "activate_at"), f.path("state").asText(), text(f, "reason"), instant(f, "prepared_at"),
                    instant(f, "decided_at"), f.path("skew_ms").isNumber() ? f.get("skew_ms").longValue() : null,
                    devices));
        }
        return new FlipView(view.path("site_id").asText(), flips);
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).isTextual() ? node.get(field).textValue() : null;
    }

    private static Instant instant(JsonNode node, String field) {
        return node.path(field).isTextual() ? Instant.parse(node.get(field).textValue()) : null;
    }

    @Override
    public void close() {
        http.close();
    }
}
