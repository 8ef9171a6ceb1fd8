package dev.outpost.appliance.outbox;

import java.time.Instant;
import java.util.UUID;

/** An event the relay will not take, kept aside (and visible) so the events behind it still go. */
public record ParkedEvent(UUID eventId, String deviceId, long sequence, String type, Instant storedAt, String reason) {
}
