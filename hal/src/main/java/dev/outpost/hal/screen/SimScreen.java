package dev.outpost.hal.screen;

import dev.outpost.hal.time.Ticker;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A screen that remembers every frame it showed and when, for tests and simulators. */
public final class SimScreen implements Screen {

    /** One {@link #show}, stamped with wall time and the monotonic ticker. */
    public record Shown(Frame frame, Instant at, long tickerNanos) {}

    private final String id;
    private final InstantSource clock;
    private final Ticker ticker;
    private final List<Shown> history = new ArrayList<>();
    private boolean closed;

    public SimScreen(String id, InstantSource clock, Ticker ticker) {
        this.id = Objects.requireNonNull(id, "id");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public synchronized void show(Frame frame) {
        Objects.requireNonNull(frame, "frame");
        checkOpen("show a frame on");
        history.add(new Shown(frame, clock.instant(), ticker.nanos()));
    }

    @Override
    public synchronized Optional<Frame> showing() {
        checkOpen("read");
        return history.isEmpty() ? Optional.empty() : Optional.of(history.getLast().frame());
    }

    /** Every frame shown, oldest first; still readable after close. */
    public synchronized List<Shown> history() {
        return List.copyOf(history);
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private void checkOpen(String action) {
        if (closed) {
            throw new IllegalStateException("screen " + id + ": closed; cannot " + action + " it");
        }
    }
}
