package dev.outpost.sim.flip;

import static dev.outpost.sim.flip.FlipSite.SITE;
import static dev.outpost.sim.flip.FlipSite.T0;
import static dev.outpost.sim.flip.FlipSite.await;
import static dev.outpost.sim.flip.FlipSite.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.event.EventEnvelope;
import dev.outpost.appliance.flip.FlipConfig;
import dev.outpost.appliance.menu.MenuConfig;
import dev.outpost.appliance.tier.TierWatch;
import dev.outpost.display.DisplayAgent;
import dev.outpost.display.DisplayStatus;
import dev.outpost.site.message.FlipOutcome;
import dev.outpost.site.message.MenuTier;
import dev.outpost.site.message.Messages;
import dev.outpost.site.mqtt.ClientConfig;
import dev.outpost.site.mqtt.SiteMqttClient;
import dev.outpost.site.topic.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The menu tier end to end over the real site broker, on one controllable clock: the appliance's {@link TierWatch}
 * tells the screens retained; a real display agent shows the full menu, then a manager banner at STALE, only the
 * fail-safe menu at EXPIRED, the full menu again under an override banner, switching its page by server-sent events;
 * a screen that restarts during the override knows it at once from the retained tier; the override ends by itself.
 */
@Tag("integration")
class SiteTierIT {
    @TempDir
    Path dir;
    FlipSite site;
    SiteMqttClient appliance;
    TierWatch watch;
    final AtomicReference<Instant> accepted = new AtomicReference<>(T0);
    final List<EventEnvelope> events = new CopyOnWriteArrayList<>();
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (watch != null) {
            watch.close();
        }
        if (appliance != null) {
            appliance.close();
        }
        if (site != null) {
            site.close();
        }
    }

    private String get(DisplayAgent agent, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static DisplayStatus told(DisplayAgent agent, MenuTier.Tier tier) {
        until(agent + " told " + tier, () -> agent.status().tier() == tier && agent.status().tierTold(),
                () -> agent.status());
        return agent.status();
    }

    /** The page's event stream says {@code menu} with data starting {@code data}. */
    private static void event(BlockingQueue<String> lines, String data) throws InterruptedException {
        long deadline = System.nanoTime() + FlipSite.WAIT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null && line.startsWith("data: " + data)) {
                return;
            }
        }
        throw new AssertionError("no event '" + data + "' on the page's stream within " + FlipSite.WAIT);
    }

    private void at(Instant instant) {
        site.now.set(instant);
        watch.check();
    }

    @Test
    void screensShowTheirSitesTierAndSwitchThePageByEventsAndARestartedScreenKnowsItAtOnce() throws Exception {
        site = new FlipSite(dir, 1, FlipConfig.defaults());
        DisplayAgent board = site.start(1, Duration.ZERO);
        Instant t = T0.plus(Duration.ofMinutes(15));
        site.plan("main/v2", 319, t, 7);
        site.at(t.minus(Duration.ofMinutes(10)));
        site.until("board-1 prepared", f -> f.devices().size() == 1
                && f.devices().get(0).answer() == FlipOutcome.PREPARED);
        site.at(t);
        until("board-1 shows main/v2", () -> board.shown().versionId().equals("main/v2"));

        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + board.httpPort() + "/menu/events")).build(),
                HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> r.body().forEach(lines::add));
        event(lines, "main/v2 FRESH");
        assertFalse(board.status().tierTold(), "no appliance has told a tier yet");

        appliance = SiteMqttClient.connect(new ClientConfig(site.brokerUri(), "appliance.tiers", "appliance",
                "appliance-pw".toCharArray(), Optional.empty(), Duration.ofSeconds(2), Duration.ofMillis(50),
                Duration.ofMillis(400), Duration.ofSeconds(5)));
        await(appliance.connected());
        watch = TierWatch.start(SITE, MenuConfig.defaults(site.root.publicKey()), accepted::get, dir.resolve("appliance"),
                tier -> appliance.publish(Topics.menuTier(SITE), Messages.encode(tier), 1, true),
                (device, batch) -> events.addAll(batch), site.clock);
        told(board, MenuTier.Tier.FRESH);

        at(T0.plus(Duration.ofHours(30)));
        event(lines, "main/v2 STALE");
        DisplayStatus stale = told(board, MenuTier.Tier.STALE);
        assertFalse(stale.failSafe());
        String page = get(board, "/menu/fragment");
        assertTrue(page.contains("fries") && page.contains("Manager notice:")
                && page.contains("menu out of date since 2027-03-02 11:00 UTC"), page);

        at(T0.plus(Duration.ofHours(80)));
        event(lines, "fail-safe EXPIRED");
        assertTrue(told(board, MenuTier.Tier.EXPIRED).failSafe());
        page = get(board, "/menu/fragment");
        assertTrue(page.contains("Bottled water") && !page.contains("fries") && page.contains("Limited menu:"), page);

        watch.override(3, "relay unreachable since Monday", "Ana Ruiz", "mgr-tablet");
        Instant until = site.now.get().plus(Duration.ofHours(3));
        event(lines, "main/v2 EXPIRED_OVERRIDDEN " + until);
        DisplayStatus overridden = told(board, MenuTier.Tier.EXPIRED_OVERRIDDEN);
        assertEquals(until, overridden.overrideUntil());
        assertFalse(overridden.failSafe());
        page = get(board, "/");
        assertTrue(page.contains("fries") && page.contains("Manager override:")
                && page.contains("Ana Ruiz lets the full menu show until 2027-03-04 22:00 UTC"), page);

        site.stop("board-1");
        DisplayAgent again = site.start(1, Duration.ZERO);
        until("the restarted screen hears the retained tier at once",
                () -> again.status().tier() == MenuTier.Tier.EXPIRED_OVERRIDDEN);
        assertEquals("main/v2", again.screen().menu().versionId(), "its last-known-good, in full");

        at(until);
        assertTrue(told(again, MenuTier.Tier.EXPIRED).failSafe(), "the override ends by itself at its end instant");
        assertEquals(List.of("menu.tier", "menu.tier", "menu.tier", "menu.override", "menu.tier", "menu.tier"),
                events.stream().map(EventEnvelope::type).toList());
        assertEquals(List.of("FRESH", "STALE", "EXPIRED", "EXPIRED_OVERRIDDEN", "EXPIRED"), events.stream()
                .filter(e -> e.type().equals("menu.tier")).map(e -> e.payload().path("tier").asText()).toList());
    }
}
