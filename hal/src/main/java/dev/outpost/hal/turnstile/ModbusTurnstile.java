package dev.outpost.hal.turnstile;

import dev.outpost.hal.modbus.FrameTiming;
import dev.outpost.hal.modbus.ModbusException;
import dev.outpost.hal.modbus.ModbusMaster;
import dev.outpost.hal.modbus.ModbusStats;
import dev.outpost.hal.serial.Serial;
import dev.outpost.hal.serial.SerialLink;
import dev.outpost.hal.serial.SerialSettings;
import dev.outpost.hal.time.Ticker;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * A turnstile behind an RS-485 I/O module, over Modbus RTU (register map in ARCHITECTURE.md §8).
 *
 * <p>One poll thread, started by {@link #listen}, reads the six discrete inputs and the four counter registers,
 * then pauses for the poll period. Passages come from the module's counters, not from its passage inputs: a person
 * trips a sensor for less than a poll period, so polling the input misses edges, while the counter keeps every
 * one, including those made while the module did not answer; those are reported once, when it answers again. The
 * first reading, by {@link #counters()} or by the first poll, is the baseline: only passages after it are reported.
 * The counters are uint32 and wrap, so a step of 2^31 or more is a counter behind the baseline. RTU replies carry
 * no request id, so that can be a late reply taken for a fresh one: it is ignored, and only a counter still behind
 * after {@value #BEHIND_BEFORE_RESET} polls is taken for a module reset or swap, logged and counted from.
 *
 * <p>Commands are written from the caller's thread between polls (the master takes one request at a time) and
 * throw {@link TurnstileException} when the module does not take them. While held open, each poll first writes
 * coils 0 and 1 again, because the module clears them after every passage. Nothing else writes the exit coil: the
 * exit is free in hardware or released by the module itself, never gated on this driver.
 *
 * <p>A failed poll (no reply, bad CRC, malformed or refused reply, broken link) is logged once per outage and
 * counted in {@link #stats()}; after {@code failuresBeforeDown} in a row the status turns to
 * {@code answering=false}. Polling goes on, and the first good poll turns it back and logs the recovery.
 */
public final class ModbusTurnstile implements Turnstile {

    static final int COIL_ENTRY = 0;
    static final int COIL_FULL_LAMP = 2;
    /** Entry passage, exit passage, fire loop, ready, tamper, manual release. */
    static final int INPUTS = 6;
    /** Entry count high and low word, exit count high and low word. */
    static final int REGISTERS = 4;

    private static final long BEHIND = 1L << 31;
    static final int BEHIND_BEFORE_RESET = 3;

    private final ModbusTurnstileConfig config;
    private final ModbusMaster master;
    private final int unit;
    private final String name;
    private final Object holdLock = new Object();
    private final AtomicReference<PassageCounters> baseline = new AtomicReference<>();
    private boolean held;
    private volatile TurnstileStatus status = new TurnstileStatus(false, false, false, false, false);
    private volatile TurnstileListener listener;
    private volatile boolean closed;
    private ScheduledExecutorService poller;
    private int consecutiveFailures;
    private int pollsBehind;

    private ModbusTurnstile(ModbusTurnstileConfig config, ModbusMaster master) {
        this.config = config;
        this.master = master;
        this.unit = config.unit();
        this.name = "turnstile " + master.port() + " unit " + unit;
    }

    /** Opens {@code config.serial()} with {@code driver} and drives the module on it. */
    public static ModbusTurnstile open(ModbusTurnstileConfig config, SerialSettings driver) {
        Objects.requireNonNull(config, "config");
        return over(config, Serial.open(driver, config.serial()));
    }

    /** Drives the module on an open {@code link}, which it then owns and closes on {@link #close()}. */
    public static ModbusTurnstile over(ModbusTurnstileConfig config, SerialLink link) {
        Objects.requireNonNull(config, "config");
        ModbusMaster master = new ModbusMaster(link, new FrameTiming(config.serial().baud()), config.responseTimeout(),
                Ticker.system());
        return new ModbusTurnstile(config, master);
    }

    @Override
    public String driver() {
        return "modbus";
    }

    @Override
    public void unlockEntry() {
        command("unlock entry", "the entry stays locked", () -> master.writeCoil(unit, COIL_ENTRY, true));
    }

    /** If the module does not take it, the hold stays wanted: every poll writes it again until it does. */
    @Override
    public void holdOpen(boolean open) {
        synchronized (holdLock) {
            held = open;
            command(open ? "hold open" : "end hold open",
                    open ? "the hold stays wanted and each poll writes it again"
                            : "the module clears the coils after the next passage or its pulse time",
                    () -> master.writeCoils(unit, COIL_ENTRY, List.of(open, open)));
        }
    }

    @Override
    public void fullLamp(boolean on) {
        command("switch the FULL lamp " + (on ? "on" : "off"), "the lamp stays as it was",
                () -> master.writeCoil(unit, COIL_FULL_LAMP, on));
    }

    @Override
    public Optional<PassageCounters> counters() {
        checkOpen("read its counters");
        try {
            PassageCounters now = counters(master.readInputRegisters(unit, 0, REGISTERS));
            baseline.compareAndSet(null, now);
            return Optional.of(now);
        } catch (ModbusException e) {
            throw new TurnstileException(name + ": counters not read: " + e.getMessage(), e);
        }
    }

    /** Until the first good poll after {@link #listen}, {@code answering} is false. */
    @Override
    public TurnstileStatus status() {
        return status;
    }

    /** Starts polling; calls come from the poll thread. */
    @Override
    public synchronized void listen(TurnstileListener newListener) {
        Objects.requireNonNull(newListener, "listener");
        checkOpen("start listening");
        if (listener != null) {
            throw new IllegalStateException(name + ": already has a listener; a turnstile reports to one");
        }
        listener = newListener;
        poller = Executors.newSingleThreadScheduledExecutor(
                task -> Thread.ofPlatform().daemon().name("turnstile-" + master.port()).unstarted(task));
        poller.scheduleWithFixedDelay(this::poll, 0, config.pollPeriod().toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Every request to the module so far, and how each failed one failed. */
    public ModbusStats stats() {
        return master.stats();
    }

    /** Stops polling, clears the entry coil (leaving the entry locked) and closes the link. */
    @Override
    public void close() {
        ScheduledExecutorService stopping;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            stopping = poller;
        }
        try {
            if (stopping != null) {
                stopping.shutdown();
                if (!stopping.awaitTermination(5, TimeUnit.SECONDS)) {
                    Logger.warn("{}: the poll thread did not stop within 5 s", name);
                }
            }
            master.writeCoil(unit, COIL_ENTRY, false);
        } catch (ModbusException e) {
            Logger.warn("{}: entry coil not cleared on close: {}", name, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            master.close();
        }
    }

    private void poll() {
        try {
            reassertHold();
            List<Boolean> inputs = master.readDiscreteInputs(unit, 0, INPUTS);
            PassageCounters now = counters(master.readInputRegisters(unit, 0, REGISTERS));
            answered(inputs, now);
        } catch (ModbusException e) {
            if (!closed) {
                failed(e);
            }
        } catch (RuntimeException e) {
            if (!closed) {
                Logger.error(e, "{}: poll failed unexpectedly; polling goes on", name);
            }
        }
    }

    private void reassertHold() {
        synchronized (holdLock) {
            if (held) {
                master.writeCoils(unit, COIL_ENTRY, List.of(true, true));
            }
        }
    }

    private void answered(List<Boolean> inputs, PassageCounters now) {
        if (consecutiveFailures > 0) {
            Logger.info("{}: answering again after {} failed polls", name, consecutiveFailures);
            consecutiveFailures = 0;
        }
        publish(new TurnstileStatus(true, inputs.get(2), inputs.get(3), inputs.get(4), inputs.get(5)));
        count(now);
    }

    private void count(PassageCounters now) {
        PassageCounters before = baseline.get();
        if (before == null) {
            baseline.compareAndSet(null, now);
            return;
        }
        long entries = now.entriesSince(before);
        long exits = now.exitsSince(before);
        boolean behind = entries >= BEHIND || exits >= BEHIND;
        if (behind && ++pollsBehind < BEHIND_BEFORE_RESET) {
            Logger.debug("{}: counters {} behind {}, a late reply? ignored", name, now, before);
            return;
        }
        if (behind) {
            Logger.warn("{}: passage counters went back from {} to {} for {} polls; taking it for a module reset and "
                    + "counting from here", name, before, now, pollsBehind);
        }
        pollsBehind = 0;
        baseline.set(now);
        if (!behind && entries > 0) {
            deliver(to -> to.entryPassed((int) entries));
        }
        if (!behind && exits > 0) {
            deliver(to -> to.exitPassed((int) exits));
        }
    }

    private void failed(ModbusException e) {
        consecutiveFailures++;
        if (consecutiveFailures == 1) {
            Logger.warn("{}: poll failed: {}; further failures are counted, not logged, until it answers", name,
                    e.getMessage());
        }
        if (consecutiveFailures == config.failuresBeforeDown()) {
            Logger.warn("{}: not answering after {} failed polls in a row; reporting it down", name,
                    consecutiveFailures);
            TurnstileStatus last = status;
            publish(new TurnstileStatus(false, last.fireAlarm(), last.ready(), last.tamper(), last.manualRelease()));
        }
    }

    private void publish(TurnstileStatus next) {
        if (!next.equals(status)) {
            status = next;
            deliver(to -> to.statusChanged(next));
        }
    }

    private void deliver(Consumer<TurnstileListener> event) {
        try {
            event.accept(listener);
        } catch (RuntimeException e) {
            Logger.error(e, "{}: listener failed", name);
        }
    }

    private void command(String what, String ifFailed, Runnable write) {
        checkOpen(what);
        try {
            write.run();
        } catch (ModbusException e) {
            throw new TurnstileException(name + ": " + what + " failed, " + ifFailed + ": " + e.getMessage(), e);
        }
    }

    private void checkOpen(String what) {
        if (closed) {
            throw new IllegalStateException(name + ": closed; cannot " + what);
        }
    }

    private static PassageCounters counters(List<Integer> registers) {
        return new PassageCounters((long) registers.get(0) << 16 | registers.get(1),
                (long) registers.get(2) << 16 | registers.get(3));
    }

    @Override
    public String toString() {
        return "ModbusTurnstile[" + master.port() + ", unit " + unit + "]";
    }
}
