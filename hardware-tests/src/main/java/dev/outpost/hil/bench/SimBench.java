package dev.outpost.hil.bench;

import dev.outpost.hal.gpio.Gpio;
import dev.outpost.hal.gpio.GpioSettings;
import dev.outpost.hal.gpio.SimGpio;
import dev.outpost.hal.printer.ReceiptPrinter;
import dev.outpost.hal.printer.SimReceiptPrinter;
import dev.outpost.hal.serial.PtyPair;
import dev.outpost.hal.serial.Serial;
import dev.outpost.hal.serial.SerialConfig;
import dev.outpost.hal.serial.SerialLink;
import dev.outpost.hal.serial.SerialSettings;
import dev.outpost.hil.flip.FlipSource;
import dev.outpost.hil.flip.SimFlips;
import dev.outpost.sim.turnstile.TurnstileModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The bench CI runs ({@code --bench sim}): the simulated turnstile I/O module ({@link TurnstileModule}) serving
 * Modbus RTU on one end of a socat pseudo-terminal pair, the checks on the other, both through jSerialComm as on a
 * real RS-485 adapter; simulated GPIO lines with jumper wires from the gate's default outputs to its default inputs
 * (17&gt;5, 27&gt;6, 22&gt;13); the simulated receipt printer; and {@value #SCREENS} display agents flipping in
 * process ({@link SimFlips}, started when the flip check first asks).
 */
public final class SimBench implements Bench {
    public static final List<WiredPair> WIRING = List.of(new WiredPair(17, 5), new WiredPair(27, 6),
            new WiredPair(22, 13));
    static final int SCREENS = 3;
    private static final int UNIT = 1;
    private static final SerialSettings JSERIALCOMM = new SerialSettings("jserialcomm");

    private final Path dir;
    private final List<WiredPair> wiring;
    private final SimGpio gpio = (SimGpio) Gpio.open(GpioSettings.driver("sim"));
    private final PtyPair pty;
    private final TurnstileModule module = TurnstileModule.create(UNIT);
    private final SimReceiptPrinter printer = new SimReceiptPrinter("sim-printer");
    private SimFlips flips;

    /**
     * @param wiring the pairs the checks expect
     * @param wires  the jumper wires really on the bench (the same pairs, or others to see a miswired bench found)
     */
    public SimBench(Path dir, List<WiredPair> wiring, List<WiredPair> wires) throws IOException {
        this.dir = dir;
        this.wiring = List.copyOf(wiring);
        wires.forEach(w -> gpio.wire(w.output(), w.input()));
        pty = PtyPair.start(Files.createDirectories(dir.resolve("pty")));
        try {
            module.serve(Serial.open(JSERIALCOMM, SerialConfig.of(pty.b().toString())));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The bench as built: every expected pair wired. */
    public static SimBench start(Path dir) throws IOException {
        return new SimBench(dir, WIRING, WIRING);
    }

    /** The simulated I/O module, for tests that put a fault on the bench. */
    public TurnstileModule module() {
        return module;
    }

    @Override
    public String name() {
        return "sim";
    }

    @Override
    public Gpio gpio() {
        return gpio;
    }

    @Override
    public List<WiredPair> wiring() {
        return wiring;
    }

    @Override
    public Duration lineDeadline() {
        return Duration.ofMillis(100);
    }

    @Override
    public SerialConfig modbusSerial() {
        return SerialConfig.of(pty.a().toString());
    }

    @Override
    public SerialLink openModbus() {
        return Serial.open(JSERIALCOMM, modbusSerial());
    }

    @Override
    public int modbusUnit() {
        return UNIT;
    }

    @Override
    public Passages passages() {
        return Passages.of(module::enterOne, module::exitOne);
    }

    @Override
    public FireLoop fireLoop() {
        return FireLoop.of(() -> module.fireLoop(true), () -> module.fireLoop(false));
    }

    @Override
    public Duration actionDeadline() {
        return Duration.ofSeconds(5);
    }

    @Override
    public ReceiptPrinter printer() {
        return printer;
    }

    @Override
    public synchronized FlipSource flips() {
        if (flips == null) {
            try {
                flips = SimFlips.start(dir.resolve("flips"), SCREENS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return flips;
    }

    @Override
    public Duration flipDeadline() {
        return Duration.ofSeconds(30);
    }

    @Override
    public Path workDir() {
        return dir;
    }

    @Override
    public synchronized void close() {
        if (flips != null) {
            flips.close();
        }
        printer.close();
        module.close();
        if (pty != null) {
            pty.close();
        }
        gpio.close();
    }
}
