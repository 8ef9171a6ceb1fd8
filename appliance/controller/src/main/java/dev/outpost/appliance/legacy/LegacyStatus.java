package dev.outpost.appliance.legacy;

import java.time.Instant;
import java.util.List;

/**
 * The legacy POS gateway at a glance ({@code GET /v1/legacy}).
 *
 * @param address         where the device is
 * @param pending         sales waiting to go
 * @param oldestAgeMs     how long the oldest of them has waited, or null when none waits
 * @param parked          sales the device refused for good
 * @param recentParked    the latest parked sales, newest first (at most {@link LegacyGateway#SHOWN_PARKED})
 * @param breaker         the circuit breaker: {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}
 * @param failuresInARow  failed calls since the last one that worked
 * @param breakerOpened   how many times the breaker has opened since start
 * @param retryInMs       when the next attempt is due while pausing, or null
 * @param lastError       why the last call failed, or null after one that worked
 * @param delivered       sales the device took since start
 * @param lastDeliveredAt when it last took one, or null
 */
public record LegacyStatus(String address, long pending, Long oldestAgeMs, long parked, List<ParkedSale> recentParked,
                           String breaker, int failuresInARow, long breakerOpened, Long retryInMs, String lastError,
                           long delivered, Instant lastDeliveredAt) {
    public LegacyStatus {
        recentParked = List.copyOf(recentParked);
    }
}
