package dev.outpost.relay.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.client.RelayClient;
import dev.outpost.api.event.EventBatch;
import dev.outpost.api.event.EventBatchResult;
import dev.outpost.api.event.EventEnvelope;
import dev.outpost.api.event.UuidV7;
import dev.outpost.api.json.Json;
import dev.outpost.relay.testing.RelayHarness;
import dev.outpost.relay.testing.StaffClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sites' menu tiers on a real relay (SQLite and PostgreSQL): the {@code menu.tier} and {@code menu.override} events an
 * appliance sends set its store's tier in {@code GET /v1/freshness}; a duplicate counts once, and an event older than
 * the one applied never rolls the store back.
 */
@Tag("integration")
class TierProjectionIT {
    @TempDir
    Path dir;
    // TLS checks certificates on the real clock, the relay issues them on its own: start a little in the past
    static final Instant T = LocalDate.now(ZoneOffset.UTC).minusDays(2).atTime(12, 0).toInstant(ZoneOffset.UTC);
    final AtomicReference<Instant> now = new AtomicReference<>(T);
    final InstantSource clock = () -> now.get();
    final UuidV7 ids = new UuidV7(clock);
    RelayHarness relay;
    StaffClient admin;

    @BeforeEach
    void start() throws Exception {
        relay = RelayHarness.start(dir, Map.of(), clock);
        admin = StaffClient.admin(relay);
        assertEquals(200, admin.send("PUT", "/v1/stores/store-1", "{\"region\":\"EU\",\"country\":\"FR\",\"zone\":"
                + "\"Europe/Paris\",\"reason\":\"new store\"}").statusCode());
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    @Test
    void staleThenExpiredThenOverrideThenFreshWithDuplicatesAndLateEventsNeverRollingBack() throws Exception {
        assertTrue(tier().isNull(), "no tier reported yet: " + tier());

        send(tierEvent(1, "STALE", 1, "FRESH"), tierEvent(2, "EXPIRED", 2, "STALE"));
        assertTier("EXPIRED", T.plusSeconds(2), null);

        EventEnvelope started = override(3, "{\"action\":\"STARTED\",\"hours\":4,\"until\":\"" + T.plusSeconds(4 * 3600)
                + "\",\"reason\":\"supplier late\",\"manager\":\"Ana\",\"account\":\"ana\",\"override_id\":1}");
        EventEnvelope overridden = tierEvent(4, "EXPIRED_OVERRIDDEN", 2, "EXPIRED");
        send(started, overridden);
        assertTier("EXPIRED_OVERRIDDEN", T.plusSeconds(2), T.plusSeconds(4 * 3600));

        // the outbox retries a batch it heard no answer to: stored and counted once
        try (RelayClient client = relay.client("store-1")) {
            EventBatchResult again = client.postEvents("store-1", new EventBatch(List.of(started, overridden)));
            assertEquals(List.of(started.eventId(), overridden.eventId()), again.duplicate());
        }
        assertTier("EXPIRED_OVERRIDDEN", T.plusSeconds(2), T.plusSeconds(4 * 3600));

        EventEnvelope fresh = tierEvent(6, "FRESH", 6, "EXPIRED_OVERRIDDEN");
        EventEnvelope lateEnd = override(5, "{\"action\":\"ENDED\",\"override_id\":1,\"until\":\""
                + T.plusSeconds(4 * 3600) + "\",\"reason\":\"manifest back\",\"manager\":\"Ana\",\"account\":\"ana\"}");
        send(fresh);
        send(lateEnd); // older than the FRESH already applied
        assertTier("FRESH", T.plusSeconds(6), null);
        send(tierEvent(3, "STALE", 3, "FRESH")); // a late STALE from before: history, not the state
        assertTier("FRESH", T.plusSeconds(6), null);

        // a payload without a tier is stored but not projected, and changes nothing
        send(event(7, "menu.tier", "{\"tier\":\"ROTTEN\",\"since\":\"" + T + "\"}"));
        assertTier("FRESH", T.plusSeconds(6), null);
    }

    private JsonNode tier() throws Exception {
        HttpResponse<String> response = admin.get("/v1/freshness");
        assertEquals(200, response.statusCode(), response.body());
        return Json.tree(response.body()).at("/stores/0/tier");
    }

    private void assertTier(String expected, Instant since, Instant overrideUntil) throws Exception {
        JsonNode tier = tier();
        assertEquals(expected, tier.path("tier").textValue(), tier.toString());
        assertEquals(since.toString(), tier.path("since").textValue(), tier.toString());
        assertEquals(overrideUntil == null ? null : overrideUntil.toString(), tier.path("override_until").textValue(),
                tier.toString());
    }

    /** A menu.tier event the site observed {@code second} s after T, {@code since} s after T. */
    private EventEnvelope tierEvent(int second, String tier, int since, String previous) {
        return event(second, "menu.tier", "{\"tier\":\"" + tier + "\",\"previous\":\"" + previous + "\",\"since\":\""
                + T.plusSeconds(since) + "\",\"alarm\":" + !tier.equals("FRESH") + ",\"why\":\"test\"}");
    }

    private EventEnvelope override(int second, String payload) {
        return event(second, "menu.override", payload);
    }

    /** Observed {@code second} s after T, that many in the site's tier stream. */
    private EventEnvelope event(int second, String type, String payload) {
        return new EventEnvelope(ids.next(), "store-1", "appliance-menu-tier", type, T.plusSeconds(second), second,
                Json.tree(payload));
    }

    private void send(EventEnvelope... events) {
        try (RelayClient client = relay.client("store-1")) {
            assertEquals(events.length, client.postEvents("store-1", new EventBatch(List.of(events))).accepted().size());
        }
    }
}
