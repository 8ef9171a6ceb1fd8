package dev.outpost.relay.inbox;

import dev.outpost.api.event.EventBatch;
import dev.outpost.api.event.EventEnvelope;
import dev.outpost.api.event.UuidV7;
import dev.outpost.api.json.Json;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/** Event envelopes and batches for inbox tests: UUIDv7 ids from a seeded generator. */
final class Events {
    static final Instant AT = Instant.parse("2026-11-21T05:00:00Z");
    private final UuidV7 ids = new UuidV7(InstantSource.fixed(AT), new SplittableRandom(7));

    UUID id() {
        return ids.next();
    }

    EventEnvelope event(String site, String device, long sequence) {
        return event(id(), site, device, "gate.admit", sequence);
    }

    static EventEnvelope event(UUID id, String site, String device, String type, long sequence) {
        return new EventEnvelope(id, site, device, type, AT.plusMillis(sequence), sequence,
                Json.tree("{\"lease\":\"l-9\",\"left\":" + sequence + "}"));
    }

    static String json(EventEnvelope... events) {
        return Json.writeString(new EventBatch(List.of(events)));
    }

    static String json(List<EventEnvelope> events) {
        return Json.writeString(new EventBatch(events));
    }
}
