package dev.outpost.hal.gpio;

import java.util.function.Consumer;

/** What a driver must provide per line; debounce, listeners, pulses and lifecycle live in the shared port code. */
final class RawLines {

    private RawLines() {}

    interface Input {
        State read();

        void release();
    }

    interface Output {
        void write(State state);

        void release();
    }

    interface Driver {
        /** Opens the line; the driver reports every raw level change to {@code levels}. */
        Input openInput(DigitalInputConfig config, Consumer<State> levels);

        /** Opens the line already at {@code config.initial()}. */
        Output openOutput(DigitalOutputConfig config);

        void shutdown();
    }
}
