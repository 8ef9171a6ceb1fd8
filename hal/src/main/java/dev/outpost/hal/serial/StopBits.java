package dev.outpost.hal.serial;

public enum StopBits {
    ONE,
    ONE_AND_HALF,
    TWO
}
