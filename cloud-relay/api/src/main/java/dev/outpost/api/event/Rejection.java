package dev.outpost.api.event;

import dev.outpost.api.json.Fields;
import java.util.UUID;

/** An event the relay will never accept, and why; the outbox drops it rather than retrying forever. */
public record Rejection(UUID eventId, String reason) {
    public Rejection {
        Fields.present("event_id", eventId);
        Fields.nonBlank("reason", reason);
    }
}
