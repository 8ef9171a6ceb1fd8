package dev.outpost.hil.flip;

import dev.outpost.api.json.Json;
import dev.outpost.appliance.flip.FlipView;
import dev.outpost.hil.Waits;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
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
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
    private volatile String lastSeen = "nothing yet";

    public ApplianceFlips(URI appliance, int screens) {
        this.view = appliance.resolve("/v1/flips");
        this.screens = screens;
    }

    @Override
    public int screens() {
        return screens;
    }

    @Override
    public String describe() {
        return screens + " screens of the appliance at " + view + " (plan a flip to activate while the suite waits)";
    }

    @Override
    public Optional<FlipView.Flip> next(Duration deadline) {
        Instant since = Instant.now();
        AtomicReference<FlipView.Flip> done = new AtomicReference<>();
        long[] nextLook = {0};
        Waits.until(deadline, () -> {
            if (System.nanoTime() - nextLook[0] < 0) {
                return false;
            }
            nextLook[0] = System.nanoTime() + LOOK_EVERY.toNanos();
            fetch().flatMap(v -> v.flips().stream()
                    .filter(f -> f.activateAt().isAfter(since) && !"PREPARING".equals(f.state()))
                    .filter(f -> f.devices().stream().noneMatch(d -> d.committedAt() == null
                            && "PREPARED".equals(String.valueOf(d.answer()))))
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
                lastSeen = "HTTP " + response.statusCode() + " " + new String(response.body());
                return Optional.empty();
            }
            return Optional.of(Json.read(response.body(), FlipView.class));
        } catch (IOException e) {
            lastSeen = e.toString();
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The last problem reading the appliance, for a failure's message. */
    public String lastSeen() {
        return lastSeen;
    }

    @Override
    public void close() {
        http.close();
    }
}
