package dev.outpost.appliance.legacy;

import java.time.Duration;
import java.util.Optional;

/**
 * An external POS, ERP box or fiscal printer that must receive each completed sale. One caller at a time; every call
 * returns or throws within about its {@code timeout} (the gateway also enforces it from outside, see {@link Breaker}).
 */
public interface LegacyPos extends AutoCloseable {

    /** Where the device is, for messages: {@code tcp 10.0.0.40:4001}, {@code serial /dev/ttyUSB0}. */
    String address();

    /**
     * Hands one sale to the device. The device de-duplicates by transaction id, so sending a sale again after a lost
     * answer is safe.
     *
     * @return empty when the device took it (or already had it); the device's reason when it refuses it for good
     * @throws LegacyPosException when it did not answer in time, the line failed, or it asked to try again later
     */
    Optional<String> send(SaleRecord sale, Duration timeout);

    /**
     * Asks the device whether it is there and answering.
     *
     * @throws LegacyPosException when it is not
     */
    void ping(Duration timeout);

    /** Drops the connection (the next call opens it again); safe to call from another thread to end a stuck call. */
    void reset();

    @Override
    void close();
}
