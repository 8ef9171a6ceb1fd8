package dev.outpost.hal.turnstile;

import dev.outpost.hal.gpio.DigitalInputConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A turnstile wired straight to GPIO: line offsets on the chip, all different. Inputs are biased with the
 * pull-down, so an unwired or cut input reads LOW: no passage, not ready, no tamper, no manual release, and for
 * the normally closed fire loop, a fire alarm. Defaults ({@link #of}): no optional lines, 500 ms unlock pulse,
 * 10 ms debounce, 500 ms exit dedup window.
 *
 * @param entryUnlock   output, HIGH lets one person in; pulsed for {@code pulseWidth}
 * @param exitUnlock    output, HIGH releases the exit (where it is not free in hardware); held HIGH from open to
 *                      close and left HIGH after
 * @param fullLamp      output, HIGH lights the FULL lamp
 * @param entryPassage  input, a rising edge is one person through the entry
 * @param exitPassage   input, a rising edge is one person through the exit
 * @param fireLoop      input, the normally closed fire loop: HIGH while closed; LOW (loop open or wire cut) is a fire
 *                      alarm
 * @param ready         optional input, HIGH while the turnstile is ready, LOW for a fault; absent: always ready
 * @param tamper        optional input, HIGH while the turnstile is tampered with
 * @param manualRelease optional input, HIGH while the turnstile is released by its key switch
 * @param pulseWidth    how long an unlock pulse lasts, 1 ms..60 s
 * @param debounce      for every input, 0..1 s
 * @param exitDedup     0..1 s: exit-passage edges closer than this to the last one counted are the same passage (a
 *                      sensor's bounce must never credit a right twice); entry edges are all counted, the safe side
 */
public record GpioTurnstileConfig(int entryUnlock, int exitUnlock, int fullLamp, int entryPassage, int exitPassage,
                                  int fireLoop, OptionalInt ready, OptionalInt tamper, OptionalInt manualRelease,
                                  Duration pulseWidth, Duration debounce, Duration exitDedup) {

    public static final Duration DEFAULT_PULSE_WIDTH = Duration.ofMillis(500);
    public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(10);
    public static final Duration DEFAULT_EXIT_DEDUP = Duration.ofMillis(500);
    /** The highest line offset the GPIO port accepts. */
    public static final int MAX_LINE = 1023;

    private static final Duration MAX_PULSE_WIDTH = Duration.ofSeconds(60);

    public GpioTurnstileConfig {
        Map<String, Integer> lines = new LinkedHashMap<>();
        lines.put("entryUnlock", entryUnlock);
        lines.put("exitUnlock", exitUnlock);
        lines.put("fullLamp", fullLamp);
        lines.put("entryPassage", entryPassage);
        lines.put("exitPassage", exitPassage);
        lines.put("fireLoop", fireLoop);
        optional(lines, "ready", ready);
        optional(lines, "tamper", tamper);
        optional(lines, "manualRelease", manualRelease);
        Map<Integer, String> owners = new LinkedHashMap<>();
        lines.forEach((field, line) -> {
            if (line < 0 || line > MAX_LINE) {
                throw new IllegalArgumentException("turnstile.gpio." + field + " must be between 0 and " + MAX_LINE
                        + ", was " + line);
            }
            String other = owners.putIfAbsent(line, field);
            if (other != null) {
                throw new IllegalArgumentException("turnstile.gpio lines must differ: " + other + " and " + field
                        + " are both line " + line);
            }
        });
        if (pulseWidth == null || pulseWidth.toMillis() < 1 || pulseWidth.compareTo(MAX_PULSE_WIDTH) > 0) {
            throw new IllegalArgumentException("turnstile.gpio.pulseWidth must be between 1 ms and "
                    + MAX_PULSE_WIDTH.toMillis() + " ms, was "
                    + (pulseWidth == null ? "null" : pulseWidth.toMillis() + " ms"));
        }
        if (debounce == null || debounce.isNegative() || debounce.compareTo(DigitalInputConfig.MAX_DEBOUNCE) > 0) {
            throw new IllegalArgumentException("turnstile.gpio.debounce must be between 0 ms and "
                    + DigitalInputConfig.MAX_DEBOUNCE.toMillis() + " ms, was "
                    + (debounce == null ? "null" : debounce.toMillis() + " ms"));
        }
        if (exitDedup == null || exitDedup.isNegative() || exitDedup.compareTo(DigitalInputConfig.MAX_DEBOUNCE) > 0) {
            throw new IllegalArgumentException("turnstile.gpio.exitDedup must be between 0 ms and "
                    + DigitalInputConfig.MAX_DEBOUNCE.toMillis() + " ms, was "
                    + (exitDedup == null ? "null" : exitDedup.toMillis() + " ms"));
        }
    }

    private static void optional(Map<String, Integer> lines, String field, OptionalInt line) {
        if (line == null) {
            throw new IllegalArgumentException("turnstile.gpio." + field + " must be a line or empty, was null");
        }
        line.ifPresent(present -> lines.put(field, present));
    }

    public static GpioTurnstileConfig of(int entryUnlock, int exitUnlock, int fullLamp, int entryPassage,
                                         int exitPassage, int fireLoop) {
        return new GpioTurnstileConfig(entryUnlock, exitUnlock, fullLamp, entryPassage, exitPassage, fireLoop,
                OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), DEFAULT_PULSE_WIDTH, DEFAULT_DEBOUNCE,
                DEFAULT_EXIT_DEDUP);
    }

    public GpioTurnstileConfig withReady(int line) {
        return new GpioTurnstileConfig(entryUnlock, exitUnlock, fullLamp, entryPassage, exitPassage, fireLoop,
                OptionalInt.of(line), tamper, manualRelease, pulseWidth, debounce, exitDedup);
    }

    public GpioTurnstileConfig withTamper(int line) {
        return new GpioTurnstileConfig(entryUnlock, exitUnlock, fullLamp, entryPassage, exitPassage, fireLoop, ready,
                OptionalInt.of(line), manualRelease, pulseWidth, debounce, exitDedup);
    }

    public GpioTurnstileConfig withManualRelease(int line) {
        return new GpioTurnstileConfig(entryUnlock, exitUnlock, fullLamp, entryPassage, exitPassage, fireLoop, ready,
                tamper, OptionalInt.of(line), pulseWidth, debounce, exitDedup);
    }

    public GpioTurnstileConfig withPulseWidth(Duration width) {
        return new GpioTurnstileConfig(entryUnlock, exitUnlock, fullLamp, entryPassage, exitPassage, fireLoop, ready,
                tamper, manualRelease, width, debounce, exitDedup);
    }

    public GpioTurnstileConfig withDebounce(Duration newDebounce) {
        return new GpioTurnstileConfig(entryUnlock, exitUnlock, fullLamp, entryPassage, exitPassage, fireLoop, ready,
                tamper, manualRelease, pulseWidth, newDebounce, exitDedup);
    }

    public GpioTurnstileConfig withExitDedup(Duration window) {
        return new GpioTurnstileConfig(entryUnlock, exitUnlock, fullLamp, entryPassage, exitPassage, fireLoop, ready,
                tamper, manualRelease, pulseWidth, debounce, window);
    }
}
