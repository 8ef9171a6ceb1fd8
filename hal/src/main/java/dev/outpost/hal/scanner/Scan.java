package dev.outpost.hal.scanner;

import java.time.Instant;

/** One barcode read, as the scanner sent it (no check-digit validation here). */
public record Scan(String scanner, String code, Instant at) {}
