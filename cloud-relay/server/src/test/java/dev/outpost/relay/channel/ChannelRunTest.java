package dev.outpost.relay.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChannelRunTest {
    static final Set<String> ALL = Set.of("web", "eats", "pdf");
    static final Map<String, List<String>> RULES = Map.of("drinks", List.of("eats"), "secret", List.of());

    @Test
    void anItemsOwnListWinsThenItsCategoryRuleThenEveryChannel() {
        assertEquals(Set.of("web"), ChannelRun.channelsFor(Json.tree("{\"category\": \"drinks\", \"channels\": [\"web\"]}"),
                RULES, ALL));
        assertEquals(Set.of("eats"), ChannelRun.channelsFor(Json.tree("{\"category\": \"drinks\"}"), RULES, ALL));
        assertEquals(Set.of(), ChannelRun.channelsFor(Json.tree("{\"category\": \"secret\"}"), RULES, ALL));
        assertEquals(ALL, ChannelRun.channelsFor(Json.tree("{\"category\": \"mains\"}"), RULES, ALL));
        assertEquals(Set.of("web"), ChannelRun.channelsFor(Json.tree("{\"category\": \"mains\", \"channels\":"
                + " [\"web\", \"gone\"]}"), RULES, ALL), "a channel that does not exist is ignored");
    }

    @Test
    void theKeyFingerprintsChannelItemExactValueAndWhatItReplaces() {
        JsonNode a = Json.tree("{\"price\": 1850}");
        JsonNode b = Json.tree("{\"price\": 1900}");
        String first = ChannelRun.key("eats", "steak", a, null);
        assertEquals(first, ChannelRun.key("eats", "steak", Json.tree("{\"price\": 1850}"), null), "a retry: the same key");
        assertNotEquals(first, ChannelRun.key("web", "steak", a, null));
        assertNotEquals(first, ChannelRun.key("eats", "fries", a, null));
        assertNotEquals(first, ChannelRun.key("eats", "steak", Json.tree("{\"price\": \"1850\"}"), null));
        String toB = ChannelRun.key("eats", "steak", b, first);
        assertNotEquals(first, ChannelRun.key("eats", "steak", a, toB), "A → B → A: the second A is a new change");
        assertEquals(64, first.length());
    }

    @Test
    void backoffDoublesFromThirtySecondsToHalfAnHour() {
        assertEquals(Duration.ofSeconds(30), ChannelRun.backoff(1));
        assertEquals(Duration.ofSeconds(60), ChannelRun.backoff(2));
        assertEquals(Duration.ofMinutes(16), ChannelRun.backoff(6));
        assertEquals(Duration.ofMinutes(30), ChannelRun.backoff(7));
        assertEquals(Duration.ofMinutes(30), ChannelRun.backoff(1_000));
    }
}
