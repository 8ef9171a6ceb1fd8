package dev.outpost.site.clock;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import dev.outpost.site.mqtt.SiteMqttClient;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Site time on a device: its own clock plus the offset estimated against the appliance ({@link ClockEstimator}).
 * Flip deadlines are in site time, so pass this wherever a deadline is compared.
 *
 * <p>Before the first sample the offset is zero and {@link #isSynced()} is false. The estimate counts as synced
 * while its newest sample is younger than {@code maxAge} (measured on the monotonic ticker, so a wall-clock step
 * does not make an old estimate look fresh).
 */
public final class SiteClock implements InstantSource, AutoCloseable {

    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);
    public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofSeconds(30);

    private final InstantSource local;
    private final LongSupplier nanoTime;
    private final Duration maxAge;
    private final ClockEstimator estimator;
    private long lastSampleNanos;
    private ClockSample best;
    private ClockClient client;

    public SiteClock(InstantSource local, LongSupplier nanoTime, int window, Duration maxAge) {
        if (local == null || nanoTime == null) {
            throw new IllegalArgumentException("site clock: local clock and monotonic ticker are required");
        }
        if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("site clock: max age must be positive, was " + maxAge);
        }
        this.local = local;
        this.nanoTime = nanoTime;
        this.maxAge = maxAge;
        this.estimator = new ClockEstimator(window);
    }

    /** Window of {@value ClockEstimator#DEFAULT_WINDOW} samples, synced for 10 minutes after the last one. */
    public static SiteClock create(InstantSource local, LongSupplier nanoTime) {
        return new SiteClock(local, nanoTime, ClockEstimator.DEFAULT_WINDOW, DEFAULT_MAX_AGE);
    }

    /**
     * A device's site clock kept in sync over {@code mqtt} (the device's own connection): a burst of requests at
     * start ({@link ClockClient#BURST}), then one every 30 s, the JVM's {@code System.nanoTime} as the monotonic ticker.
     */
    public static SiteClock start(SiteMqttClient mqtt, String site, String device, InstantSource local) {
        return start(mqtt, site, device, local, System::nanoTime, DEFAULT_SYNC_INTERVAL);
    }

    /** As {@link #start(SiteMqttClient, String, String, InstantSource)}, with the ticker and interval given. */
    public static SiteClock start(SiteMqttClient mqtt, String site, String device, InstantSource local,
                                  LongSupplier nanoTime, Duration interval) {
        SiteClock clock = create(local, nanoTime);
        ClockClient client = ClockClient.start(mqtt, site, device, clock, Optional.of(interval), interval);
        synchronized (clock) {
            clock.client = client;
        }
        return clock;
    }

    /** The transport feeding this clock, if it was {@link #start started} with one (for an immediate sync). */
    public synchronized Optional<ClockClient> client() {
        return Optional.ofNullable(client);
    }

    /** Stops the attached {@link ClockClient}, if any; the last estimate stays readable. */
    @Override
    public void close() {
        ClockClient attached;
        synchronized (this) {
            attached = client;
            client = null;
        }
        if (attached != null) {
            attached.close();
        }
    }

    public synchronized void record(ClockSample sample) {
        estimator.add(sample);
        best = estimator.best().orElseThrow();
        lastSampleNanos = nanoTime.getAsLong();
    }

    /** Site time minus local time; zero before the first sample. */
    public synchronized Duration offset() {
        return best == null ? Duration.ZERO : best.offset();
    }

    /** Round trip of the sample the offset comes from; its half bounds the offset's error. */
    public synchronized Optional<Duration> roundTrip() {
        return Optional.ofNullable(best).map(ClockSample::roundTrip);
    }

    /** Site time. */
    public Instant now() {
        return local.instant().plus(offset());
    }

    @Override
    public Instant instant() {
        return now();
    }

    public synchronized int sampleCount() {
        return estimator.size();
    }

    public synchronized boolean isSynced() {
        return best != null && nanoTime.getAsLong() - lastSampleNanos <= maxAge.toNanos();
    }

    /** The device's own clock, which t1 and t4 are read from. */
    public InstantSource local() {
        return local;
    }

    public LongSupplier nanoTime() {
        return nanoTime;
    }

    @Override
    public synchronized String toString() {
        return best == null ? "SiteClock[unsynced]"
                : "SiteClock[offset " + best.offset() + " ± " + best.roundTrip().dividedBy(2) + ", "
                        + estimator.size() + " samples]";
    }
}
