package dev.outpost.hal.scanner;

/** Called on the scanner's reading thread, one scan at a time, in order. Keep it short. */
@FunctionalInterface
public interface ScanListener {

    void onScan(Scan scan);
}
