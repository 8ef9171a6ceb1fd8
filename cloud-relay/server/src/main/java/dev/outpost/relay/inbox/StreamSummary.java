package dev.outpost.relay.inbox;

/**
 * One device's stream of events at a site, as received so far.
 *
 * @param firstSequence the lowest sequence number received
 * @param lastSequence  the highest sequence number received
 * @param events        how many distinct events were received
 */
public record StreamSummary(String deviceId, long firstSequence, long lastSequence, long events) {
}
