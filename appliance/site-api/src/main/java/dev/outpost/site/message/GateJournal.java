package dev.outpost.site.message;

import dev.outpost.api.event.EventEnvelope;
import dev.outpost.api.json.Document;
import dev.outpost.api.json.InvalidFieldException;
import java.util.List;

/**
 * Journal entries a gate forwards to its hub, on {@code Topics.gateJournal(site, gate)}, in sequence order. The hub
 * stores them in its outbox and answers with a {@link GateJournalAck}; the gate sends again whatever is not acked.
 */
@Document("gate_journal")
public record GateJournal(String deviceId, List<EventEnvelope> events) implements DeviceMessage {
    public static final int MAX_EVENTS = 200;

    public GateJournal {
        Check.id("device_id", deviceId);
        Check.present("events", events);
        if (events.isEmpty() || events.size() > MAX_EVENTS) {
            throw new InvalidFieldException("events", "must hold 1 to " + MAX_EVENTS + " events, held " + events.size());
        }
        for (EventEnvelope event : events) {
            if (!event.deviceId().equals(deviceId)) {
                throw new InvalidFieldException("events", "event " + event.eventId() + " names device '"
                        + event.deviceId() + "', not the sender '" + deviceId + "'");
            }
        }
        events = List.copyOf(events);
    }
}
