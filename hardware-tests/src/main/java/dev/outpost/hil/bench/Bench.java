package dev.outpost.hil.bench;

import dev.outpost.hal.gpio.Gpio;
import dev.outpost.hal.printer.ReceiptPrinter;
import dev.outpost.hal.serial.SerialConfig;
import dev.outpost.hal.serial.SerialLink;
import dev.outpost.hil.flip.FlipSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What the checks run against, the same for the simulated bench ({@link SimBench}) and a real one ({@link RealBench},
 * from a bench file): GPIO lines with their wiring, the turnstile I/O module's serial line, people and the fire loop
 * at the turnstile, a receipt printer and screens that flip. Closing it releases everything it opened or started.
 */
public interface Bench extends AutoCloseable {

    /** For the report, e.g. {@code sim} or the bench file's {@code bench.name}. */
    String name();

    Gpio gpio();

    List<WiredPair> wiring();

    /** How long a wired input may take to follow its output. */
    Duration lineDeadline();

    /** The line to the turnstile I/O module; {@link #openModbus()} opens it, once per check. */
    SerialConfig modbusSerial();

    SerialLink openModbus();

    int modbusUnit();

    Passages passages();

    FireLoop fireLoop();

    /** How long a check waits for something done at the turnstile: a passage, the fire loop opened or closed. */
    Duration actionDeadline();

    ReceiptPrinter printer();

    FlipSource flips();

    /** How long the flip check waits for a flip of every screen. */
    Duration flipDeadline();

    /** A scratch directory for this run (the fire check's gate journal). */
    Path workDir();

    @Override
    void close();
}
