package dev.outpost.appliance.outbox;

import dev.outpost.api.event.EventEnvelope;
import dev.outpost.api.event.UuidV7;
import dev.outpost.api.json.Json;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Gate journal entries for tests. */
final class Events {
    static final String SITE = "mall-site";
    private static final UuidV7 IDS = new UuidV7(InstantSource.system());

    private Events() {
    }

    static EventEnvelope event(String device, long sequence) {
        return event(device, sequence, "gate.admit");
    }

    static EventEnvelope event(String device, long sequence, String type) {
        return new EventEnvelope(IDS.next(), SITE, device, type, Instant.parse("2027-03-01T12:00:00Z").plusSeconds(sequence),
                sequence, Json.toTree(Map.of("source", "GATE_LEASE")));
    }

    /** Events {@code from} to {@code to} of one device. */
    static List<EventEnvelope> run(String device, long from, long to) {
        List<EventEnvelope> out = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            out.add(event(device, s));
        }
        return out;
    }
}
