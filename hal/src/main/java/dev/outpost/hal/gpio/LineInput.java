package dev.outpost.hal.gpio;

import dev.outpost.hal.time.Scheduler;
import dev.outpost.hal.time.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.tinylog.Logger;

/**
 * Debounce is leading-edge with settling: a change is reported at once unless it falls within the window
 * after the last reported edge; then the line is looked at again when the window ends, so a short glitch
 * that ends on the other level is still reported and the debounced state never sticks.
 */
final class LineInput implements DigitalInput {

    private record Registration(Edge edge, EdgeListener listener) {}

    private final DigitalInputConfig config;
    private final Ticker ticker;
    private final Scheduler scheduler;
    private final Runnable onClose;
    private final long windowNanos;
    private final List<Registration> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();

    private RawLines.Input raw;
    private boolean closed;
    private State level;
    private State stable;
    private long lastEdgeNanos;
    private boolean edgeSeen;
    private boolean settling;

    LineInput(DigitalInputConfig config, Ticker ticker, Scheduler scheduler, Runnable onClose) {
        this.config = config;
        this.ticker = ticker;
        this.scheduler = scheduler;
        this.onClose = onClose;
        this.windowNanos = config.debounce().toNanos();
    }

    void start(RawLines.Input raw) {
        synchronized (lock) {
            this.raw = raw;
            this.level = raw.read();
            this.stable = level;
        }
    }

    void onRaw(State newLevel) {
        EdgeEvent event;
        synchronized (lock) {
            if (raw == null || closed || newLevel == null) {
                return;
            }
            level = newLevel;
            event = observe();
        }
        deliver(event);
    }

    private void settle() {
        EdgeEvent event;
        synchronized (lock) {
            settling = false;
            if (closed) {
                return;
            }
            event = observe();
        }
        deliver(event);
    }

    private EdgeEvent observe() {
        if (level == stable) {
            return null;
        }
        long now = ticker.nanos();
        long since = now - lastEdgeNanos;
        if (!edgeSeen || since >= windowNanos) {
            stable = level;
            lastEdgeNanos = now;
            edgeSeen = true;
            return new EdgeEvent(config.id(), config.line(), Edge.to(stable), now);
        }
        if (!settling) {
            settling = true;
            scheduler.schedule(Duration.ofNanos(windowNanos - since), this::settle);
        }
        return null;
    }

    private void deliver(EdgeEvent event) {
        if (event == null) {
            return;
        }
        for (Registration registration : listeners) {
            if (registration.edge().matches(event.edge())) {
                try {
                    registration.listener().onEdge(event);
                } catch (RuntimeException e) {
                    Logger.error(e, "gpio line {} ({}): edge listener failed on {}", config.line(), config.id(),
                            event.edge());
                }
            }
        }
    }

    @Override
    public String id() {
        return config.id();
    }

    @Override
    public int line() {
        return config.line();
    }

    @Override
    public State state() {
        synchronized (lock) {
            checkOpen("read");
            return stable;
        }
    }

    @Override
    public void addListener(Edge edge, EdgeListener listener) {
        Objects.requireNonNull(edge, "edge");
        Objects.requireNonNull(listener, "listener");
        synchronized (lock) {
            checkOpen("add a listener to");
        }
        listeners.add(new Registration(edge, listener));
    }

    @Override
    public void removeListener(EdgeListener listener) {
        listeners.removeIf(registration -> registration.listener() == listener);
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        listeners.clear();
        try {
            raw.release();
        } finally {
            onClose.run();
        }
    }

    private void checkOpen(String action) {
        if (closed) {
            throw new IllegalStateException("gpio line " + config.line() + " (" + config.id() + "): closed; cannot "
                    + action + " it");
        }
    }

    @Override
    public String toString() {
        return "DigitalInput[" + config.id() + ", line " + config.line() + "]";
    }
}
