package dev.outpost.hal.serial;

public enum Parity {
    NONE,
    EVEN,
    ODD,
    MARK,
    SPACE
}
