package dev.outpost.relay.inbox;

/**
 * Sequence numbers {@code missingFrom..missingTo} (inclusive) of one device's stream have not been received, though
 * events before and after them have.
 */
public record StreamGap(String deviceId, long missingFrom, long missingTo) {
}
