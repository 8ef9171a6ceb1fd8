package dev.outpost.api.event;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * RFC 9562 UUIDv7 event ids: 48-bit Unix milliseconds, version 7, a 12-bit counter in
 * {@code rand_a} (method 1 of §6.2) and 62 random bits. Ids from one generator are strictly
 * increasing: within a millisecond the counter steps; on counter overflow, or when the clock steps
 * back, the timestamp is carried forward instead of going backwards.
 */
public final class UuidV7 {
    private static final int COUNTER_BITS = 12;
    private static final int COUNTER_MAX = (1 << COUNTER_BITS) - 1;

    private final InstantSource clock;
    private final RandomGenerator random;
    private long lastMillis = -1;
    private int counter;

    public UuidV7(InstantSource clock) {
        this(clock, new SecureRandom());
    }

    /** For tests and simulations that need reproducible ids; production uses {@link SecureRandom}. */
    public UuidV7(InstantSource clock, RandomGenerator random) {
        this.clock = clock;
        this.random = random;
    }

    public synchronized UUID next() {
        long millis = clock.millis();
        if (millis < 0 || millis >= 1L << 48) {
            throw new IllegalStateException("uuidv7: clock at " + clock.instant() + " is outside the 48-bit millisecond range");
        }
        if (millis > lastMillis) {
            lastMillis = millis;
            // a random start, top bit clear, leaves at least 2048 steps before the counter overflows
            counter = random.nextInt(1 << (COUNTER_BITS - 1));
        } else if (counter < COUNTER_MAX) {
            counter++;
        } else {
            lastMillis++;
            counter = random.nextInt(1 << (COUNTER_BITS - 1));
        }
        long msb = (lastMillis << 16) | (0x7L << 12) | counter;
        long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }

    /** The instant (millisecond precision) stamped into a UUIDv7. */
    public static Instant timestamp(UUID uuid) {
        if (uuid.version() != 7) {
            throw new IllegalArgumentException("uuidv7: " + uuid + " is version " + uuid.version() + ", not 7");
        }
        return Instant.ofEpochMilli(uuid.getMostSignificantBits() >>> 16);
    }
}
