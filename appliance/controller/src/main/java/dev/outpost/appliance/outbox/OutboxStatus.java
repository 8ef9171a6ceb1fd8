package dev.outpost.appliance.outbox;

import dev.outpost.api.heartbeat.OutboxBacklog;
import java.time.Instant;
import java.util.List;

/**
 * The outbox at a glance.
 *
 * @param pending         events waiting to go to the relay
 * @param oldestAgeMs     how long the oldest of them has waited, or null when none waits
 * @param parked          events the relay would not take
 * @param recentParked    the latest parked events, newest first (at most {@link Outbox#SHOWN_PARKED})
 * @param failures        failed attempts in a row to reach the relay (0 when the last one worked)
 * @param lastError       why the last attempt failed, or null
 * @param retryInMs       when the next attempt is due while backing off, or null
 * @param lastDeliveredAt when the relay last took a batch, or null
 */
public record OutboxStatus(long pending, Long oldestAgeMs, long parked, List<ParkedEvent> recentParked, int failures,
                           String lastError, Long retryInMs, Instant lastDeliveredAt) {
    public OutboxStatus {
        recentParked = List.copyOf(recentParked);
    }

    /** What the heartbeat tells the relay of it. */
    public OutboxBacklog backlog() {
        return new OutboxBacklog(pending, oldestAgeMs == null ? 0 : oldestAgeMs, parked);
    }
}
