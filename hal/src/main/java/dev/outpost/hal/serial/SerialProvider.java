package dev.outpost.hal.serial;

import dev.outpost.hal.time.Ticker;

/**
 * A serial driver, found by {@link java.util.ServiceLoader}. {@code auto} only ever picks a provider that is
 * not {@link #simulated()} and is {@link #available()}.
 */
public interface SerialProvider {

    /** The value of {@code serial.driver} that selects this provider. */
    String name();

    boolean simulated();

    boolean available();

    /** What was found when checking availability, for error messages. */
    String availability();

    SerialLink open(SerialConfig config, Ticker ticker);
}
