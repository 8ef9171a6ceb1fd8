package dev.outpost.gate.admission;

import java.time.Duration;

/**
 * How a gate admits.
 *
 * @param leaseSize  rights the gate asks to hold (default 5)
 * @param lowWater   renew when it holds this many or fewer (default 2)
 * @param askTimeout an ask unanswered this long is sent again, fresh (default 1 s)
 * @param hubSilence an ask unanswered this long means the hub is out of reach (default 3 s)
 * @param pulse      how long the turnstile keeps the entry unlocked for one person (default 3 s); an unlocked entry
 *                   nobody used is unlocked again after pulse + 500 ms, or its right given back when entries stop
 */
public record GateSettings(int leaseSize, int lowWater, Duration askTimeout, Duration hubSilence, Duration pulse) {

    public GateSettings {
        if (leaseSize < 1 || leaseSize > 1000) {
            throw new IllegalArgumentException("gate.lease-size must be between 1 and 1000, was " + leaseSize);
        }
        if (lowWater < 0 || lowWater >= leaseSize) {
            throw new IllegalArgumentException("gate.low-water must be between 0 and lease-size - 1 (" + (leaseSize - 1)
                    + "), was " + lowWater);
        }
        positive("gate.ask-timeout", askTimeout);
        positive("gate.hub-silence", hubSilence);
        positive("gate.pulse", pulse);
        if (hubSilence.compareTo(askTimeout) < 0) {
            throw new IllegalArgumentException("gate.hub-silence must be at least gate.ask-timeout (" + askTimeout.toMillis()
                    + " ms), was " + hubSilence.toMillis() + " ms");
        }
    }

    private static void positive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration, was " + value);
        }
    }

    public static GateSettings defaults() {
        return new GateSettings(5, 2, Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(3));
    }
}
