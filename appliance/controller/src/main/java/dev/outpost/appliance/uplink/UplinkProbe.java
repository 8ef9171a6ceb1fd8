package dev.outpost.appliance.uplink;

import dev.outpost.api.client.RelayClient;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * Whether the relay is within reach, known within seconds rather than at the next heartbeat: a {@code GET /healthz}
 * over the site's mutual TLS every {@code period}, each given at most {@code period} to answer, so
 * {@link #FAILED_PROBES} failures in a row (the site is offline) take at most that many periods, and the first answer
 * makes it online (again). Until a probe is answered the relay counts as out of reach. The POS status shows it: the
 * terminals' OFFLINE badge.
 */
public final class UplinkProbe implements AutoCloseable {
    /** Failed probes in a row that make the site offline. */
    public static final int FAILED_PROBES = 3;

    private final String siteId;
    private final Supplier<RelayClient> relay;
    private final Duration timeout;
    private final InstantSource clock;
    private final Runnable back;
    private final ScheduledExecutorService scheduler;
    private int failures;
    private volatile boolean reachable;
    private volatile Instant lastAnswer;

    UplinkProbe(String siteId, Supplier<RelayClient> relay, Duration timeout, InstantSource clock, Runnable back) {
        this.siteId = siteId;
        this.back = back;
        this.relay = relay;
        this.timeout = timeout;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "uplink-probe-" + siteId);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Probes every {@code period} from now on, the first at once.
     *
     * @param back run when the relay answers after being out of reach (the outbox need not wait out its backoff)
     */
    public static UplinkProbe start(String siteId, Supplier<RelayClient> relay, Duration period, InstantSource clock,
                                    Runnable back) {
        UplinkProbe probe = new UplinkProbe(siteId, relay, period, clock, back);
        probe.scheduler.scheduleAtFixedRate(probe::probe, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return probe;
    }

    /** One probe; never throws. */
    void probe() {
        try {
            relay.get().ping(timeout);
            boolean wasOut = !reachable;
            lastAnswer = clock.instant();
            failures = 0;
            reachable = true;
            if (wasOut) {
                Logger.info("site {}: the relay answers", siteId);
                back.run();
            }
        } catch (RuntimeException e) {
            failures++;
            if (failures == FAILED_PROBES) {
                reachable = false;
                Logger.warn("site {}: offline: the relay did not answer {} probes in a row: {}", siteId, failures,
                        e.getMessage());
            }
        }
    }

    /** True once a probe was answered, false again after {@link #FAILED_PROBES} unanswered in a row. */
    public boolean reachable() {
        return reachable;
    }

    /** When the relay last answered a probe. */
    public Optional<Instant> lastAnswer() {
        return Optional.ofNullable(lastAnswer);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
