package dev.outpost.hal.turnstile;

/**
 * The turnstile's own passage counters: unsigned 32-bit, wrapping at 2^32, so compare them with
 * {@link #entriesSince} / {@link #exitsSince}, never by subtraction.
 */
public record PassageCounters(long entries, long exits) {
    public static final long WRAP = 1L << 32;

    public PassageCounters {
        if (entries < 0 || entries >= WRAP || exits < 0 || exits >= WRAP) {
            throw new IllegalArgumentException("passage counters are uint32, were entries " + entries + ", exits " + exits);
        }
    }

    /** Entries counted since {@code earlier}, across one wrap of the counter. */
    public long entriesSince(PassageCounters earlier) {
        return Math.floorMod(entries - earlier.entries, WRAP);
    }

    /** Exits counted since {@code earlier}, across one wrap of the counter. */
    public long exitsSince(PassageCounters earlier) {
        return Math.floorMod(exits - earlier.exits, WRAP);
    }
}
