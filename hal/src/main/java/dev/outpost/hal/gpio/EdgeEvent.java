package dev.outpost.hal.gpio;

/**
 * One debounced edge on an input line.
 *
 * @param tickerNanos the reading of the driver's monotonic ticker when the edge was accepted
 */
public record EdgeEvent(String id, int line, Edge edge, long tickerNanos) {

    public State state() {
        return edge == Edge.RISING ? State.HIGH : State.LOW;
    }
}
