package dev.outpost.hal.gpio;

/** Called on the thread that saw the edge (the driver's event thread or the scheduler). Keep it short. */
@FunctionalInterface
public interface EdgeListener {

    void onEdge(EdgeEvent event);
}
