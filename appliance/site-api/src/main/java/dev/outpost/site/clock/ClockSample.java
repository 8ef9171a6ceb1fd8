package dev.outpost.site.clock;

import java.time.Duration;
import java.time.Instant;

/**
 * One NTP-style exchange: {@code t1} device sends, {@code t2} appliance receives, {@code t3} appliance replies,
 * {@code t4} device receives; t1/t4 on the device's clock, t2/t3 on the appliance's.
 *
 * <p>offset = ((t2 − t1) + (t3 − t4)) / 2 is what to add to the device clock to get site time; its error is
 * half the difference between the two one-way delays, so at most half the round trip (t4 − t1) − (t3 − t2).
 */
public record ClockSample(Instant t1, Instant t2, Instant t3, Instant t4) {

    public ClockSample {
        if (t1 == null || t2 == null || t3 == null || t4 == null) {
            throw new IllegalArgumentException("clock sample: t1..t4 are required, was " + t1 + ", " + t2 + ", " + t3 + ", " + t4);
        }
        if (t3.isBefore(t2)) {
            throw new IllegalArgumentException("clock sample: appliance replied (t3 " + t3 + ") before it received (t2 " + t2 + ")");
        }
        Duration roundTrip = Duration.between(t1, t4).minus(Duration.between(t2, t3));
        if (roundTrip.isNegative()) {
            throw new IllegalArgumentException("clock sample: round trip " + roundTrip + " is negative (device waited "
                    + Duration.between(t1, t4) + ", appliance held it " + Duration.between(t2, t3) + ")");
        }
    }

    /** Site (appliance) time minus device time. */
    public Duration offset() {
        return Duration.between(t1, t2).plus(Duration.between(t4, t3)).dividedBy(2);
    }

    /** Network time of the exchange, excluding the appliance's processing. */
    public Duration roundTrip() {
        return Duration.between(t1, t4).minus(Duration.between(t2, t3));
    }
}
