package dev.outpost.sim.channel;

import static dev.outpost.relay.testing.MenuLayers.FRANCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.json.Json;
import dev.outpost.relay.staff.Role;
import dev.outpost.relay.testing.Eventually;
import dev.outpost.relay.testing.MenuLayers;
import dev.outpost.relay.testing.RelayHarness;
import dev.outpost.relay.testing.StaffClient;
import dev.outpost.sim.channel.PlatformSimulator.Behaviour;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Send once, against a real relay (SQLite, and PostgreSQL in the second run) and the platform simulator over HTTP:
 * timeouts (with and without the platform having applied), 503s, rejections and two relays running at once never
 * apply a change twice, and every change ends up applied; two relays on one store serve one website, and their retry
 * timers send a due retry once between them, with nothing published. The relay's clock is injected: backoffs pass by
 * setting it.
 */
@Tag("integration")
class ChannelSendOnceIT {
    @TempDir
    Path dir;
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-19T06:00:00Z"));
    final InstantSource clock = () -> now.get();
    PlatformSimulator platform;
    RelayHarness relay;
    StaffClient publisher;

    @BeforeEach
    void start() throws Exception {
        platform = PlatformSimulator.start("127.0.0.1", 0, Duration.ofSeconds(30));
        relay = RelayHarness.start(dir, Map.of(), clock);
        StaffClient admin = StaffClient.admin(relay);
        publisher = StaffClient.as(relay, "pat", Role.PUBLISHER);
        MenuLayers.frenchStoreWithMain(admin, publisher);
        ok(200, publisher.send("PUT", "/v1/channels/eats", """
                {"kind": "order-platform", "variant": "main", "site": "store-fr-1", "locale": "fr-FR",
                 "price_unit": "minor", "description_cap": 40, "fields": ["name", "price"], "template": "{name}",
                 "endpoint": "%s", "timeout_ms": 500, "reason": "delivery app"}""".formatted(platform.endpoint())));
    }

    @AfterEach
    void stop() {
        relay.close();
        platform.close();
    }

    @Test
    void timeoutsAndFailuresAreRetriedUnderOneKeyAndApplyOnce() throws Exception {
        platform.script("big-burger", Behaviour.TIMEOUT_AFTER_APPLYING);
        platform.script("fries", Behaviour.FAIL, Behaviour.TIMEOUT_BEFORE_APPLYING);
        publish("launch");
        run();
        Map<String, JsonNode> burger = Map.of("eats", delivery("big-burger"));
        assertEquals("FAILED", burger.get("eats").get("state").textValue());
        assertTrue(burger.get("eats").get("reason").textValue().endsWith("no answer within 500 ms"), burger.toString());
        assertEquals(1, platform.applied().size(), "the platform applied the burger; the relay cannot know");
        assertTrue(delivery("fries").get("reason").textValue().contains("HTTP 503"), delivery("fries").toString());

        int requests = platform.requests();
        JsonNode early = run();
        assertEquals(2, early.at("/channels/0/waiting").intValue(), early.toString());
        assertEquals(requests, platform.requests(), "nothing is retried before its backoff");

        now.set(now.get().plusSeconds(30)); // the relay's retry timer sends both again
        Eventually.until("both retried", () -> delivery("fries").get("attempts").intValue() == 2);
        assertEquals(1, platform.duplicates(), "the burger's retry carried the key already applied");
        assertEquals("ACCEPTED", delivery("big-burger").get("state").textValue());
        assertEquals(2, delivery("big-burger").get("attempts").intValue());
        assertEquals("FAILED", delivery("fries").get("state").textValue(), "timed out before applying");

        now.set(now.get().plusSeconds(60));
        Eventually.until("fries retried", () -> delivery("fries").get("state").textValue().equals("ACCEPTED"));
        assertEquals(3, delivery("fries").get("attempts").intValue());
        assertAppliedOnceAndInStep();

        requests = platform.requests();
        run();
        assertEquals(requests, platform.requests(), "in step: nothing more is sent");
    }

    @Test
    void aPriceThatGoesBackIsSentAgainUnderANewKey() throws Exception {
        publish("launch");
        run();
        layer(FRANCE.replace("949", "999"));
        publish("dearer");
        run();
        layer(FRANCE);
        publish("back again");
        run();
        assertEquals(949, platform.menu().get("big-burger").get("price").intValue(),
                "a platform that de-duplicates by key must not take the second 949 for the first");
        assertEquals(4, platform.applied().size(), "two items, then two changes of one: " + platform.applied());
        assertAppliedOnceAndInStep();
    }

    @Test
    void aRejectionIsRecordedWithItsReasonAndNotResentUntilTheValueChanges() throws Exception {
        platform.reject("big-burger", "price above this store's limit");
        publish("launch");
        run();
        JsonNode outOfStep = ok(200, publisher.get("/v1/channels/out-of-step")).get("deliveries");
        assertEquals(1, outOfStep.size(), outOfStep.toString());
        assertEquals("REJECTED", outOfStep.get(0).get("state").textValue());
        assertTrue(outOfStep.get(0).get("reason").textValue().endsWith("HTTP 422: price above this store's limit"),
                outOfStep.toString());

        int requests = platform.requests();
        now.set(now.get().plus(Duration.ofMinutes(29))); // well past a first backoff, within the staff session
        run();
        assertEquals(requests, platform.requests(), "the same value would be refused the same way");

        layer(FRANCE.replace("949", "899"));
        publish("cheaper");
        run();
        assertEquals(899, platform.menu().get("big-burger").get("price").intValue());
        assertEquals(0, ok(200, publisher.get("/v1/channels/out-of-step")).get("deliveries").size());
        assertAppliedOnceAndInStep();
    }

    @Test
    void twoRelaysRunningAtOnceApplyEachChangeOnce() throws Exception {
        try (RelayHarness second = RelayHarness.start(dir.resolve("second"), relay.store(), Map.of(), clock)) {
            StaffClient other = StaffClient.login(second, "pat", StaffClient.PASSWORD);
            platform.script("big-burger", Behaviour.TIMEOUT_AFTER_APPLYING);
            publish("launch");
            CompletableFuture<HttpResponse<String>> there = CompletableFuture.supplyAsync(() -> {
                try {
                    return other.send("POST", "/v1/channel-runs", "{\"reason\":\"second relay\"}");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            run();
            ok(200, there.get());
            now.set(now.get().plus(Duration.ofMinutes(5)));
            run();
            ok(200, other.send("POST", "/v1/channel-runs", "{\"reason\":\"second relay\"}"));
        }
        assertAppliedOnceAndInStep();
        assertEquals(2, platform.menu().size());
    }

    @Test
    void twoRelaysServeOneWebsiteAndTheirRetryTimersSendAFailedChangeOnceWithoutAPublish() throws Exception {
        ok(200, publisher.send("PUT", "/v1/channels/web", """
                {"kind": "website", "variant": "main", "site": "store-fr-1", "locale": "fr-FR", "price_unit": "display",
                 "description_cap": 40, "fields": ["name", "price"], "template": "{name} {price}", "reason": "site"}"""));
        // long enough for the other relay's timer to come due while one relay waits on the platform
        ok(200, publisher.send("PUT", "/v1/channels/eats", """
                {"kind": "order-platform", "variant": "main", "site": "store-fr-1", "locale": "fr-FR",
                 "price_unit": "minor", "description_cap": 40, "fields": ["name", "price"], "template": "{name}",
                 "endpoint": "%s", "timeout_ms": 2500, "reason": "delivery app"}""".formatted(platform.endpoint())));
        try (RelayHarness second = RelayHarness.start(dir.resolve("second"), relay.store(), Map.of(), clock)) {
            platform.script("big-burger", Behaviour.FAIL, Behaviour.TIMEOUT_AFTER_APPLYING);
            publish("launch");
            run();
            for (String file : new String[] {"menu.json", "v1.json"}) {
                HttpResponse<String> here = relay.sendPlain("GET", "/channels/web/" + file, null);
                HttpResponse<String> there = second.sendPlain("GET", "/channels/web/" + file, null);
                assertEquals(200, there.statusCode(), file + " from the relay that did not publish it: " + there.body());
                assertEquals(here.body(), there.body(), file);
            }
            assertEquals(2, ok(200, second.sendPlain("GET", "/channels/web/menu.json", null)).get("items").size());
            assertEquals("FAILED", delivery("big-burger").get("state").textValue());
            int requests = platform.requests();

            now.set(now.get().plusSeconds(30)); // both relays' timers find the retry due
            Eventually.until("the retry recorded", () -> delivery("big-burger").get("attempts").intValue() == 2);
            assertEquals(requests + 1, platform.requests(), "one relay sent it; the other left it to that one");
            assertEquals("FAILED", delivery("big-burger").get("state").textValue(), "applied, the answer never came");

            now.set(now.get().plusSeconds(60));
            Eventually.until("the retry accepted", () -> delivery("big-burger").get("state").textValue().equals("ACCEPTED"));
            assertEquals(requests + 2, platform.requests());
            assertEquals(1, platform.duplicates(), "the last retry carried the key the platform had applied");
        }
        assertAppliedOnceAndInStep();
        assertEquals(2, platform.menu().size());
    }

    private void assertAppliedOnceAndInStep() throws Exception {
        platform.applied().forEach((key, times) -> assertEquals(1, times, "key " + key + " applied " + times + " times"));
        for (JsonNode d : ok(200, publisher.get("/v1/channels/eats/deliveries")).get("deliveries")) {
            assertTrue(d.get("in_step").booleanValue(), d.toString());
            assertEquals(d.get("accepted_value"), platform.menu().get(d.get("item").textValue()),
                    "what the relay recorded is what the platform has: " + d);
        }
    }

    private JsonNode delivery(String item) throws Exception {
        for (JsonNode d : ok(200, publisher.get("/v1/channels/eats/deliveries")).get("deliveries")) {
            if (d.get("item").textValue().equals(item)) {
                return d;
            }
        }
        throw new AssertionError("no delivery of " + item);
    }

    private void layer(String body) throws Exception {
        ok(200, publisher.send("PUT", "/v1/variants/main/layers/country:FR", body));
    }

    private void publish(String reason) throws Exception {
        ok(201, publisher.send("POST", "/v1/variants/main/publish", "{\"reason\":\"" + reason + "\"}"));
    }

    private JsonNode run() throws Exception {
        return ok(200, publisher.send("POST", "/v1/channel-runs", "{\"reason\":\"check\"}"));
    }

    private static JsonNode ok(int status, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        return Json.tree(response.body());
    }
}
