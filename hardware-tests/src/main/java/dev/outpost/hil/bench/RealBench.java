package dev.outpost.hil.bench;

import dev.outpost.hal.gpio.DigitalOutput;
import dev.outpost.hal.gpio.DigitalOutputConfig;
import dev.outpost.hal.gpio.Gpio;
import dev.outpost.hal.gpio.State;
import dev.outpost.hal.printer.NetworkReceiptPrinter;
import dev.outpost.hal.printer.ReceiptPrinter;
import dev.outpost.hal.serial.Serial;
import dev.outpost.hal.serial.SerialConfig;
import dev.outpost.hal.serial.SerialLink;
import dev.outpost.hil.flip.ApplianceFlips;
import dev.outpost.hil.flip.FlipSource;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.InstantSource;
import java.time.Duration;
import java.util.List;

/**
 * A bench of real hardware, as its {@link BenchFile} names it. What only a person can do at the turnstile (walk
 * through it; open the fire loop when no relay line is wired into it) is asked of the operator on {@code console},
 * and the check waits for the module to see it, up to {@code operator.wait}.
 */
public final class RealBench implements Bench {
    private final BenchFile file;
    private final Path dir;
    private final PrintStream console;
    private final Gpio gpio;
    private final ReceiptPrinter printer;
    private final FlipSource flips;

    public RealBench(BenchFile file, Path dir, PrintStream console, InstantSource clock) {
        this.file = file;
        this.dir = dir;
        this.console = console;
        this.gpio = Gpio.open(file.gpio());
        this.printer = new NetworkReceiptPrinter(file.printer());
        this.flips = new ApplianceFlips(file.appliance(), file.screens(), clock);
    }

    @Override
    public String name() {
        return file.name();
    }

    @Override
    public Gpio gpio() {
        return gpio;
    }

    @Override
    public List<WiredPair> wiring() {
        return file.wiring();
    }

    @Override
    public Duration lineDeadline() {
        return file.lineDeadline();
    }

    @Override
    public SerialConfig modbusSerial() {
        return file.serial();
    }

    @Override
    public SerialLink openModbus() {
        return Serial.open(file.serialDriver(), file.serial());
    }

    @Override
    public int modbusUnit() {
        return file.unit();
    }

    @Override
    public Passages passages() {
        return Passages.of(() -> ask("walk through the ENTRY of the turnstile once (it is unlocked for you)"),
                () -> ask("walk through the EXIT of the turnstile once"));
    }

    @Override
    public FireLoop fireLoop() {
        if (file.fireRelayLine().isEmpty()) {
            return FireLoop.of(() -> ask("OPEN the turnstile's fire loop (disconnect it at the fire panel terminal)"),
                    () -> ask("CLOSE the fire loop again (reconnect it)"));
        }
        int line = file.fireRelayLine().getAsInt();
        DigitalOutput relay = gpio.output(new DigitalOutputConfig("fire-relay", line, State.LOW, State.LOW));
        return FireLoop.of(() -> relay.set(State.HIGH), relay::close); // closed, the line goes to LOW: the loop closes
    }

    private void ask(String what) {
        console.println("bench " + file.name() + ": please " + what + " within " + file.operatorWait().toSeconds()
                + " s");
        console.flush();
    }

    @Override
    public Duration actionDeadline() {
        return file.operatorWait();
    }

    @Override
    public ReceiptPrinter printer() {
        return printer;
    }

    @Override
    public FlipSource flips() {
        return flips;
    }

    @Override
    public Duration flipDeadline() {
        return file.flipWait();
    }

    @Override
    public Path workDir() {
        return dir;
    }

    @Override
    public void close() {
        flips.close();
        printer.close();
        gpio.close();
    }
}
