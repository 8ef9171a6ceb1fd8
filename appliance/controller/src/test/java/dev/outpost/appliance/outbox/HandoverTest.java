package dev.outpost.appliance.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.event.EventEnvelope;
import dev.outpost.api.event.UuidV7;
import dev.outpost.api.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandoverTest {
    @Test
    void eventsAreMarkedOnlyOnceTheSinkTookThemAndAFailureLeavesThemForTheNextRun() {
        Instant at = Instant.parse("2026-11-21T10:00:00Z");
        EventEnvelope event = new EventEnvelope(new UuidV7(() -> at).next(), "s-1", "dev", "pos.sale.paid", at, 1,
                Json.tree("{}"));
        List<EventEnvelope> unsent = new ArrayList<>(List.of(event));
        List<EventEnvelope> sunk = new ArrayList<>();
        boolean[] down = {true};
        Handover handover = new Handover("s-1", "test events", "dev", () -> List.copyOf(unsent), unsent::removeAll,
                (device, events) -> {
                    if (down[0]) {
                        throw new OutboxException("outbox: disk full", null);
                    }
                    assertEquals("dev", device);
                    sunk.addAll(events);
                });
        assertFalse(handover.run());
        assertEquals(List.of(event), unsent, "not marked while the outbox refused it");
        down[0] = false;
        assertTrue(handover.run());
        assertEquals(List.of(), unsent);
        assertTrue(handover.run());
        assertEquals(List.of(event), sunk, "handed over once");
    }
}
