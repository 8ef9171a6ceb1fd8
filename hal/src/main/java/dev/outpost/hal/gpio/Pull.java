package dev.outpost.hal.gpio;

/** The bias resistor on an input line. */
public enum Pull {
    OFF,
    UP,
    DOWN
}
