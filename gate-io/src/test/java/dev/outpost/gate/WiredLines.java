package dev.outpost.gate;

import dev.outpost.hal.gpio.DigitalInput;
import dev.outpost.hal.gpio.DigitalInputConfig;
import dev.outpost.hal.gpio.DigitalOutput;
import dev.outpost.hal.gpio.DigitalOutputConfig;
import dev.outpost.hal.gpio.Gpio;
import dev.outpost.hal.gpio.GpioSettings;
import dev.outpost.hal.gpio.SimGpio;
import dev.outpost.hal.gpio.State;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The simulated GPIO driver ({@code gpio.driver=sim}) with a turnstile wired to it: the fire loop is closed (HIGH) from
 * the moment its line is opened, as on a healthy site, and every unlock pulse on the entry line is counted with the
 * level it put on the line.
 */
final class WiredLines implements Gpio {
    private final SimGpio sim = (SimGpio) Gpio.open(GpioSettings.driver("sim"));
    private final int fireLoop;
    private final int entryUnlock;
    private final List<State> unlockPulses = new CopyOnWriteArrayList<>();

    WiredLines(int fireLoop, int entryUnlock) {
        this.fireLoop = fireLoop;
        this.entryUnlock = entryUnlock;
    }

    /** Puts {@code level} on an input, as the turnstile would. */
    void drive(int line, State level) {
        sim.drive(line, level);
    }

    /** One person through a passage sensor: a rising edge, then back. */
    void pass(int line) {
        sim.drive(line, State.HIGH);
        sim.drive(line, State.LOW);
    }

    State level(int line) {
        return sim.outputLevel(line).orElseThrow();
    }

    /** The level each unlock pulse put on the entry line, in order. */
    List<State> unlockPulses() {
        return List.copyOf(unlockPulses);
    }

    @Override
    public String driver() {
        return sim.driver();
    }

    @Override
    public DigitalInput input(DigitalInputConfig config) {
        DigitalInput input = sim.input(config);
        if (config.line() == fireLoop) {
            sim.drive(fireLoop, State.HIGH);
        }
        return input;
    }

    @Override
    public DigitalOutput output(DigitalOutputConfig config) {
        DigitalOutput output = sim.output(config);
        return config.line() == entryUnlock ? new Counted(output) : output;
    }

    @Override
    public void close() {
        sim.close();
    }

    private final class Counted implements DigitalOutput {
        private final DigitalOutput line;

        Counted(DigitalOutput line) {
            this.line = line;
        }

        @Override
        public String id() {
            return line.id();
        }

        @Override
        public int line() {
            return line.line();
        }

        @Override
        public State state() {
            return line.state();
        }

        @Override
        public void set(State state) {
            line.set(state);
        }

        @Override
        public void pulse(State level, Duration width) {
            line.pulse(level, width);
            unlockPulses.add(sim.outputLevel(line.line()).orElseThrow());
        }

        @Override
        public void close() {
            line.close();
        }
    }
}
