package dev.outpost.api.event;

import dev.outpost.api.json.Document;
import dev.outpost.api.json.Fields;
import dev.outpost.api.json.InvalidFieldException;
import java.util.List;

/** {@code POST /v1/sites/{site}/events}: 1 to {@value #MAX_EVENTS} events, oldest first. */
@Document("event_batch")
public record EventBatch(List<EventEnvelope> events) {
    public static final int MAX_EVENTS = 1000;

    public EventBatch {
        events = Fields.list("events", events);
        if (events.isEmpty() || events.size() > MAX_EVENTS) {
            throw new InvalidFieldException("events", "must hold 1 to " + MAX_EVENTS + " events, was "
                    + events.size());
        }
    }
}
