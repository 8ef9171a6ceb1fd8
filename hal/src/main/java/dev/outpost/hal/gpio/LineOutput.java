package dev.outpost.hal.gpio;

import dev.outpost.hal.time.Scheduler;
import java.time.Duration;
import java.util.Objects;

final class LineOutput implements DigitalOutput {

    static final Duration MAX_PULSE = Duration.ofMinutes(10);

    private final DigitalOutputConfig config;
    private final RawLines.Output raw;
    private final Scheduler scheduler;
    private final Runnable onClose;
    private final Object lock = new Object();
    private State state;
    /** The level the line returns to after a pulse: the last one set (a pulse during a pulse returns there too). */
    private State resting;
    private long generation;
    private boolean closed;

    LineOutput(DigitalOutputConfig config, RawLines.Output raw, Scheduler scheduler, Runnable onClose) {
        this.config = config;
        this.raw = raw;
        this.scheduler = scheduler;
        this.onClose = onClose;
        this.state = config.initial();
        this.resting = config.initial();
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
            return state;
        }
    }

    @Override
    public void set(State newState) {
        Objects.requireNonNull(newState, "state");
        synchronized (lock) {
            checkOpen("set");
            generation++;
            resting = newState;
            write(newState);
        }
    }

    @Override
    public void pulse(State level, Duration width) {
        Objects.requireNonNull(level, "level");
        if (width == null || width.isNegative() || width.isZero() || width.compareTo(MAX_PULSE) > 0) {
            throw new IllegalArgumentException("gpio line " + config.line() + " (" + config.id()
                    + "): pulse width must be between 1 ns and " + MAX_PULSE.toMinutes() + " min, was " + width);
        }
        synchronized (lock) {
            checkOpen("pulse");
            long mine = ++generation;
            write(level);
            scheduler.schedule(width, () -> restore(mine));
        }
    }

    private void restore(long pulseGeneration) {
        synchronized (lock) {
            if (!closed && generation == pulseGeneration) {
                write(resting);
            }
        }
    }

    private void write(State newState) {
        raw.write(newState);
        state = newState;
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                write(config.shutdown());
            } finally {
                try {
                    raw.release();
                } finally {
                    onClose.run();
                }
            }
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
        return "DigitalOutput[" + config.id() + ", line " + config.line() + "]";
    }
}
