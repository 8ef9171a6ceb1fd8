package dev.outpost.hal.printer;

public enum PrinterStatus {
    READY,
    PAPER_OUT,
    COVER_OPEN,
    /** Unreachable, not answering, or offline for a reason the printer does not report. */
    OFFLINE
}
