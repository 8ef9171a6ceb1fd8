package dev.outpost.appliance.gates;

import dev.outpost.api.lease.MallState;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * Holds the relay's mall-state long-poll open on a thread of its own, passing the last version seen, so a capacity
 * cut or a mode change reaches the hub as soon as the relay has it. A failed poll is tried again after a pause that
 * doubles from {@link #FIRST_PAUSE} to at most {@link #MAX_PAUSE}. A state for another mall than the configured one
 * is not passed on (the hub then admits nobody) and is logged.
 */
final class MallPoller implements AutoCloseable {
    static final Duration WAIT = MallState.MAX_WAIT;
    static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    static final Duration MAX_PAUSE = Duration.ofSeconds(2);

    private final String siteId;
    private final String mallId;
    private final HubRelay relay;
    private final Consumer<MallState> sink;
    private final ScheduledExecutorService executor;
    // confined to the poll thread
    private long version;
    private int failures;
    private String wrongMall;

    MallPoller(String siteId, String mallId, HubRelay relay, Consumer<MallState> sink) {
        this.siteId = siteId;
        this.mallId = mallId;
        this.relay = relay;
        this.sink = sink;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hub-mall-" + siteId);
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        schedule(Duration.ZERO);
    }

    private void poll() {
        MallState state;
        try {
            state = relay.mall(version, WAIT);
        } catch (RuntimeException e) {
            failures++;
            Duration pause = FIRST_PAUSE.multipliedBy(1L << Math.min(failures - 1, 5));
            pause = pause.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause;
            if (failures == 1 || Integer.bitCount(failures) == 1) {
                Logger.warn("hub {}: mall state poll failed ({} in a row), polling again in {} ms: {}", siteId, failures,
                        pause.toMillis(), e.getMessage());
            }
            schedule(pause);
            return;
        }
        if (failures > 0) {
            Logger.info("hub {}: mall state poll answered again after {} failures", siteId, failures);
            failures = 0;
        }
        if (!state.mallId().equals(mallId)) {
            if (!state.mallId().equals(wrongMall)) {
                Logger.error("hub {}: the relay binds this site to mall {}, but gates.mall-id is {}: admitting nobody until"
                        + " the two agree", siteId, state.mallId(), mallId);
                wrongMall = state.mallId();
            }
            schedule(MAX_PAUSE);
            return;
        }
        wrongMall = null;
        if (state.version() != version) {
            version = state.version();
            sink.accept(state);
        }
        schedule(Duration.ZERO);
    }

    private void schedule(Duration delay) {
        try {
            executor.schedule(this::poll, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    /** Stops polling; a poll in flight is interrupted. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
