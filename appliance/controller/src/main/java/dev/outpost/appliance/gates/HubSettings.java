package dev.outpost.appliance.gates;

import java.time.Duration;

/**
 * How the hub leases.
 *
 * @param blockSize     rights the hub asks the relay to hold for the site (default 40)
 * @param blockLowWater refill the block when the pool holds this many or fewer (default 10)
 * @param blockTtl      how long a block lasts without a renew (default 10 min: a WAN cut shorter than that is ridden
 *                      through on the block, a longer one at the exit rate)
 * @param gateTtl       how long a gate lease lasts without a renew, on the gate's clock (default 30 s)
 * @param margin        added to a gate lease on the hub's clock before the hub gives up on it (default 5 s)
 * @param relayTimeout  a relay request unanswered this long has failed (default 5 s)
 * @param relayRetry    pause after a failed or refused relay request (default 2 s)
 * @param reportEvery   report admissions and exits to the relay at most this often (default 1 s)
 */
public record HubSettings(int blockSize, int blockLowWater, Duration blockTtl, Duration gateTtl, Duration margin,
                          Duration relayTimeout, Duration relayRetry, Duration reportEvery) {

    public HubSettings {
        if (blockSize < 1) {
            throw new IllegalArgumentException("gates.block-size must be at least 1, was " + blockSize);
        }
        if (blockLowWater < 0 || blockLowWater >= blockSize) {
            throw new IllegalArgumentException("gates.block-low-water must be between 0 and block-size - 1 ("
                    + (blockSize - 1) + "), was " + blockLowWater);
        }
        if (blockTtl.compareTo(Duration.ofSeconds(10)) < 0 || blockTtl.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("gates.block-ttl must be between 10 s and 1 h, was " + blockTtl);
        }
        if (gateTtl.compareTo(Duration.ofSeconds(2)) < 0 || gateTtl.compareTo(blockTtl) > 0) {
            throw new IllegalArgumentException("gates.gate-ttl must be between 2 s and the block ttl, was " + gateTtl);
        }
        if (margin.isNegative() || margin.isZero()) {
            throw new IllegalArgumentException("gates.margin must be positive, was " + margin);
        }
    }

    public static HubSettings defaults() {
        return new HubSettings(40, 10, Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(1));
    }
}
