package dev.outpost.hal.turnstile;

import dev.outpost.hal.gpio.DigitalInput;
import dev.outpost.hal.gpio.DigitalInputConfig;
import dev.outpost.hal.gpio.DigitalOutput;
import dev.outpost.hal.gpio.DigitalOutputConfig;
import dev.outpost.hal.gpio.Edge;
import dev.outpost.hal.gpio.Gpio;
import dev.outpost.hal.gpio.Pull;
import dev.outpost.hal.gpio.State;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * A turnstile wired straight to GPIO lines; wiring and levels are in {@link GpioTurnstileConfig}. Each debounced
 * rising edge of a passage input is one passage; on the exit sensor, edges within the exit dedup window of the last
 * one are merged into it. There are no hardware counters: {@link #counters()} is empty, and
 * passages while nobody listens are not kept. The fire loop is normally closed, so a LOW level (the fire panel
 * opened the loop, or its wire is cut) is a fire alarm. Lines always answer.
 *
 * <p>The exit-unlock line is HIGH (released) from open to close and after: an exit is never gated on software.
 * Closing leaves the entry unlock and the FULL lamp LOW, so a stopped controller never holds anyone in. The {@link Gpio} stays open: it is the caller's.
 */
public final class GpioTurnstile implements Turnstile {

    private final GpioTurnstileConfig config;
    private final List<AutoCloseable> lines;
    private final DigitalOutput entryUnlock;
    private final DigitalOutput fullLamp;
    private final DigitalInput fireLoop;
    private final Optional<DigitalInput> ready;
    private final Optional<DigitalInput> tamper;
    private final Optional<DigitalInput> manualRelease;
    private final Object delivery = new Object();
    private TurnstileListener listener;
    private TurnstileStatus reported;
    private volatile boolean closed;

    private GpioTurnstile(Gpio gpio, GpioTurnstileConfig config, List<AutoCloseable> opened) {
        this.config = config;
        this.lines = opened;
        // outputs first: closing in this order releases the exit before anything else
        output(gpio, "exit-unlock", config.exitUnlock(), State.HIGH, State.HIGH);
        entryUnlock = output(gpio, "entry-unlock", config.entryUnlock(), State.LOW, State.LOW);
        fullLamp = output(gpio, "full-lamp", config.fullLamp(), State.LOW, State.LOW);
        DigitalInput entryPassage = input(gpio, "entry-passage", config.entryPassage());
        // edges within the dedup window of the last one merge: a bounce never credits a right twice
        DigitalInput exitPassage = input(gpio, "exit-passage", config.exitPassage(),
                Collections.max(List.of(config.debounce(), config.exitDedup())));
        fireLoop = input(gpio, "fire-loop", config.fireLoop());
        ready = optionalInput(gpio, "ready", config.ready());
        tamper = optionalInput(gpio, "tamper", config.tamper());
        manualRelease = optionalInput(gpio, "manual-release", config.manualRelease());
        reported = read();
        entryPassage.addListener(Edge.RISING, edge -> deliver(to -> to.entryPassed(1)));
        exitPassage.addListener(Edge.RISING, edge -> deliver(to -> to.exitPassed(1)));
        List<DigitalInput> statusLines = new ArrayList<>(List.of(fireLoop));
        ready.ifPresent(statusLines::add);
        tamper.ifPresent(statusLines::add);
        manualRelease.ifPresent(statusLines::add);
        statusLines.forEach(line -> line.addListener(Edge.BOTH, edge -> statusMayHaveChanged()));
    }

    /** Opens the turnstile's lines on {@code gpio}; if one cannot be opened, those already open are closed again. */
    public static GpioTurnstile open(Gpio gpio, GpioTurnstileConfig config) {
        Objects.requireNonNull(gpio, "gpio");
        Objects.requireNonNull(config, "config");
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            return new GpioTurnstile(gpio, config, opened);
        } catch (RuntimeException e) {
            closeAll(opened);
            throw e;
        }
    }

    private DigitalOutput output(Gpio gpio, String id, int line, State initial, State shutdown) {
        DigitalOutput output = gpio.output(new DigitalOutputConfig(id, line, initial, shutdown));
        lines.add(output);
        return output;
    }

    private DigitalInput input(Gpio gpio, String id, int line) {
        return input(gpio, id, line, config.debounce());
    }

    private DigitalInput input(Gpio gpio, String id, int line, Duration debounce) {
        DigitalInput input = gpio.input(new DigitalInputConfig(id, line, Pull.DOWN, debounce));
        lines.add(input);
        return input;
    }

    private Optional<DigitalInput> optionalInput(Gpio gpio, String id, OptionalInt line) {
        return line.isPresent() ? Optional.of(input(gpio, id, line.getAsInt())) : Optional.empty();
    }

    @Override
    public String driver() {
        return "gpio";
    }

    @Override
    public void unlockEntry() {
        command("unlock entry", entryUnlock, () -> entryUnlock.pulse(State.HIGH, config.pulseWidth()));
    }

    @Override
    public void holdOpen(boolean open) {
        State level = open ? State.HIGH : State.LOW;
        command(open ? "hold open" : "end hold open", entryUnlock, () -> entryUnlock.set(level));
    }

    @Override
    public void fullLamp(boolean on) {
        State level = on ? State.HIGH : State.LOW;
        command("switch the FULL lamp " + (on ? "on" : "off"), fullLamp, () -> fullLamp.set(level));
    }

    @Override
    public Optional<PassageCounters> counters() {
        return Optional.empty();
    }

    @Override
    public TurnstileStatus status() {
        checkOpen("read its status");
        return read();
    }

    /** Passages and status changes come from the GPIO driver's event thread, one at a time. */
    @Override
    public void listen(TurnstileListener newListener) {
        Objects.requireNonNull(newListener, "listener");
        checkOpen("start listening");
        synchronized (delivery) {
            if (listener != null) {
                throw new IllegalStateException("turnstile gpio: already has a listener; a turnstile reports to one");
            }
            listener = newListener;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (delivery) {
            listener = null;
        }
        closeAll(lines);
    }

    private TurnstileStatus read() {
        return new TurnstileStatus(true, fireLoop.state() == State.LOW, ready.map(GpioTurnstile::high).orElse(true),
                tamper.map(GpioTurnstile::high).orElse(false), manualRelease.map(GpioTurnstile::high).orElse(false));
    }

    private static boolean high(DigitalInput input) {
        return input.state() == State.HIGH;
    }

    private void statusMayHaveChanged() {
        synchronized (delivery) {
            if (closed) {
                return;
            }
            TurnstileStatus now = read();
            if (!now.equals(reported)) {
                reported = now;
                deliver(to -> to.statusChanged(now));
            }
        }
    }

    private void deliver(Consumer<TurnstileListener> event) {
        synchronized (delivery) {
            if (listener == null) {
                return;
            }
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                Logger.error(e, "turnstile gpio: listener failed");
            }
        }
    }

    private void command(String what, DigitalOutput line, Runnable action) {
        checkOpen(what);
        try {
            action.run();
        } catch (RuntimeException e) {
            throw new TurnstileException("turnstile gpio: " + what + " failed on line " + line.line() + " ("
                    + line.id() + "): " + e.getMessage(), e);
        }
    }

    private void checkOpen(String what) {
        if (closed) {
            throw new IllegalStateException("turnstile gpio: closed; cannot " + what);
        }
    }

    private static void closeAll(List<AutoCloseable> lines) {
        for (AutoCloseable line : lines) {
            try {
                line.close();
            } catch (Exception e) {
                Logger.error(e, "turnstile gpio: closing {} failed", line);
            }
        }
    }

    @Override
    public String toString() {
        return "GpioTurnstile[entry-unlock line " + config.entryUnlock() + "]";
    }
}
