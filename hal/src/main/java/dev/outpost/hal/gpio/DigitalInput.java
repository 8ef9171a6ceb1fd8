package dev.outpost.hal.gpio;

/** An input line whose level is debounced by the port before it is reported. */
public interface DigitalInput extends AutoCloseable {

    String id();

    int line();

    /** The debounced level. */
    State state();

    void addListener(Edge edge, EdgeListener listener);

    void removeListener(EdgeListener listener);

    /** Releases the line; later calls throw {@link IllegalStateException}. Idempotent. */
    @Override
    void close();
}
