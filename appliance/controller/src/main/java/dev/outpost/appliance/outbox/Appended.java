package dev.outpost.appliance.outbox;

import dev.outpost.api.event.EventEnvelope;
import java.util.List;

/**
 * What storing a device's events did, durably.
 *
 * @param stored          the events new to the outbox, in the order given (duplicates of stored ones left out)
 * @param throughSequence the highest sequence of the device up to which every event is stored, or -1 when none is:
 *                        what the device may forget
 */
public record Appended(List<EventEnvelope> stored, long throughSequence) {
    public Appended {
        stored = List.copyOf(stored);
    }
}
