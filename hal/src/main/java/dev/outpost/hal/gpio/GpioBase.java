package dev.outpost.hal.gpio;

import dev.outpost.hal.time.Scheduler;
import dev.outpost.hal.time.Ticker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tinylog.Logger;

/** The part every driver shares: line bookkeeping, debounce, edge delivery, pulses and close semantics. */
abstract class GpioBase implements Gpio {

    private final String driver;
    private final Ticker ticker;
    private final Scheduler scheduler;
    private final Object lock = new Object();
    private final Map<Integer, AutoCloseable> lines = new LinkedHashMap<>();
    private final Map<Integer, String> names = new LinkedHashMap<>();
    private boolean closed;

    GpioBase(String driver, Ticker ticker, Scheduler scheduler) {
        this.driver = driver;
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    abstract RawLines.Driver raw();

    @Override
    public final String driver() {
        return driver;
    }

    @Override
    public final DigitalInput input(DigitalInputConfig config) {
        Objects.requireNonNull(config, "config");
        synchronized (lock) {
            claim(config.line(), "input", config.id());
            LineInput input = new LineInput(config, ticker, scheduler, () -> forget(config.line()));
            try {
                input.start(raw().openInput(config, input::onRaw));
            } catch (RuntimeException e) {
                throw failedOpen("input", config.id(), config.line(), e);
            }
            lines.put(config.line(), input);
            return input;
        }
    }

    @Override
    public final DigitalOutput output(DigitalOutputConfig config) {
        Objects.requireNonNull(config, "config");
        synchronized (lock) {
            claim(config.line(), "output", config.id());
            LineOutput output;
            try {
                output = new LineOutput(config, raw().openOutput(config), scheduler, () -> forget(config.line()));
            } catch (RuntimeException e) {
                throw failedOpen("output", config.id(), config.line(), e);
            }
            lines.put(config.line(), output);
            return output;
        }
    }

    @Override
    public final void close() {
        List<AutoCloseable> open;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            open = new ArrayList<>(lines.values());
        }
        for (AutoCloseable line : open) {
            try {
                line.close();
            } catch (Exception e) {
                Logger.error(e, "gpio {}: closing a line failed", driver);
            }
        }
        raw().shutdown();
    }

    final boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /** The open line object on {@code line}, or null. */
    final AutoCloseable openLine(int line) {
        synchronized (lock) {
            return lines.get(line);
        }
    }

    private void claim(int line, String kind, String id) {
        if (closed) {
            throw new IllegalStateException("gpio " + driver + ": closed; cannot open " + kind + " line " + line
                    + " (" + id + ")");
        }
        if (lines.containsKey(line)) {
            throw new GpioException("gpio line " + line + " (" + id + "): already open as " + names.get(line));
        }
        names.put(line, kind + " " + id);
    }

    private GpioException failedOpen(String kind, String id, int line, RuntimeException cause) {
        names.remove(line);
        return new GpioException("gpio line " + line + " (" + id + "): could not open as " + kind + " with driver "
                + driver + ": " + cause.getMessage(), cause);
    }

    private void forget(int line) {
        synchronized (lock) {
            lines.remove(line);
            names.remove(line);
        }
    }
}
