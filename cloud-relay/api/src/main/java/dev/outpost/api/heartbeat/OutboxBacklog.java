package dev.outpost.api.heartbeat;

import dev.outpost.api.json.Fields;
import dev.outpost.api.json.InvalidFieldException;

/**
 * The site's outbox to the relay as the appliance saw it when it sent a heartbeat.
 *
 * @param pending     events waiting to go to the relay
 * @param oldestAgeMs how long the oldest of them has waited, in milliseconds (0 when none waits)
 * @param parked      events the relay refused, parked on the site for a person to look at
 */
public record OutboxBacklog(long pending, long oldestAgeMs, long parked) {
    public OutboxBacklog {
        Fields.notNegative("pending", pending);
        Fields.notNegative("oldest_age_ms", oldestAgeMs);
        Fields.notNegative("parked", parked);
        if (pending == 0 && oldestAgeMs != 0) {
            throw new InvalidFieldException("oldest_age_ms", "must be 0 when nothing is pending, was " + oldestAgeMs);
        }
    }
}
