package dev.outpost.hal.gpio;

import dev.outpost.hal.time.ManualTime;
import dev.outpost.hal.time.Scheduler;
import dev.outpost.hal.time.Ticker;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Simulated GPIO lines for tests and simulators. It behaves like a chip: a line is used only once opened,
 * a line can be opened once, inputs start at the level their pull gives, and {@link #drive} goes through
 * the same debounce and edge delivery as real lines.
 */
public final class SimGpio extends GpioBase {

    private final Object lock = new Object();
    private final Map<Integer, Consumer<State>> inputs = new HashMap<>();
    private final Map<Integer, State> outputLevels = new HashMap<>();
    private final Map<Integer, Integer> wires = new HashMap<>();

    private final RawLines.Driver driver = new RawLines.Driver() {
        @Override
        public RawLines.Input openInput(DigitalInputConfig config, Consumer<State> levels) {
            synchronized (lock) {
                inputs.put(config.line(), levels);
            }
            State initial = config.pull() == Pull.UP ? State.HIGH : State.LOW;
            return new RawLines.Input() {
                @Override
                public State read() {
                    return initial;
                }

                @Override
                public void release() {
                    synchronized (lock) {
                        inputs.remove(config.line());
                    }
                }
            };
        }

        @Override
        public RawLines.Output openOutput(DigitalOutputConfig config) {
            synchronized (lock) {
                outputLevels.put(config.line(), config.initial());
            }
            return new RawLines.Output() {
                @Override
                public void write(State state) {
                    Consumer<State> wired;
                    synchronized (lock) {
                        outputLevels.put(config.line(), state);
                        Integer input = wires.get(config.line());
                        wired = input == null ? null : inputs.get(input);
                    }
                    if (wired != null) {
                        wired.accept(state);
                    }
                }

                @Override
                public void release() {}
            };
        }

        @Override
        public void shutdown() {}
    };

    public SimGpio(Ticker ticker, Scheduler scheduler) {
        super("sim", ticker, scheduler);
    }

    public static SimGpio on(ManualTime time) {
        return new SimGpio(time, time);
    }

    @Override
    RawLines.Driver raw() {
        return driver;
    }

    /** Puts {@code level} on an open input line, as the wired device would. */
    public void drive(int line, State level) {
        Consumer<State> input;
        synchronized (lock) {
            if (isClosed()) {
                throw new IllegalStateException("sim gpio: closed; cannot drive line " + line);
            }
            input = inputs.get(line);
        }
        if (input == null) {
            throw new IllegalStateException("sim gpio: line " + line + " is not open as an input; open it with "
                    + "input(...) before driving it");
        }
        input.accept(level);
    }

    /**
     * Wires the output on {@code output} to the input on {@code input}, as a bench's jumper wire: from now on every
     * level written to the output (set, pulse and its return, shutdown) is driven on the input while it is open.
     */
    public void wire(int output, int input) {
        synchronized (lock) {
            wires.put(output, input);
        }
    }

    /**
     * The level last written to the output on {@code line}; it stays readable after close, so a test can
     * see the shutdown state. Empty if the line was never opened as an output.
     */
    public Optional<State> outputLevel(int line) {
        synchronized (lock) {
            return Optional.ofNullable(outputLevels.get(line));
        }
    }

    /** Whether {@code line} is currently open, as an input or an output. */
    public boolean isOpen(int line) {
        return openLine(line) != null;
    }
}
