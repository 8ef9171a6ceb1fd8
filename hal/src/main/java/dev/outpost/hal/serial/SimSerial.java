package dev.outpost.hal.serial;

import dev.outpost.hal.time.Ticker;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Simulated serial lines in memory. {@link #pair} gives two connected ends directly; {@link #attach} puts a
 * simulated device on a port name, so that code opening that port with {@code serial.driver=sim} talks to it.
 */
public final class SimSerial {

    /** Two ends of one wire: what {@code a} writes, {@code b} reads, and back. */
    public record Pair(SerialLink a, SerialLink b) implements AutoCloseable {
        @Override
        public void close() {
            a.close();
            b.close();
        }
    }

    private record Wire(ByteQueue toHost, ByteQueue toDevice, AtomicBoolean hostOpen) {}

    private static final Map<String, Wire> ATTACHED = new ConcurrentHashMap<>();

    private SimSerial() {}

    public static Pair pair() {
        return pair("sim-a", "sim-b");
    }

    public static Pair pair(String portA, String portB) {
        ByteQueue aToB = new ByteQueue();
        ByteQueue bToA = new ByteQueue();
        Duration timeout = Duration.ofSeconds(1);
        Ticker ticker = Ticker.system();
        return new Pair(new SimSerialLink(portA, bToA, aToB, timeout, ticker, () -> {}),
                new SimSerialLink(portB, aToB, bToA, timeout, ticker, () -> {}));
    }

    /**
     * Puts a simulated device on {@code port} and returns the device's end. Closing that end takes the device
     * away again.
     */
    public static SerialLink attach(String port) {
        Objects.requireNonNull(port, "port");
        Wire wire = new Wire(new ByteQueue(), new ByteQueue(), new AtomicBoolean());
        if (ATTACHED.putIfAbsent(port, wire) != null) {
            throw new SerialException("serial " + port + ": a simulated device is already attached");
        }
        return new SimSerialLink(port + " (device)", wire.toDevice(), wire.toHost(), Duration.ofSeconds(1),
                Ticker.system(), () -> ATTACHED.remove(port, wire));
    }

    static SerialLink open(SerialConfig config, Ticker ticker) {
        Wire wire = ATTACHED.get(config.port());
        if (wire == null) {
            throw new SerialException("serial " + config.port() + ": no simulated device attached; attach one with "
                    + "SimSerial.attach(\"" + config.port() + "\") or set serial.driver to a real driver");
        }
        if (!wire.hostOpen().compareAndSet(false, true)) {
            throw new SerialException("serial " + config.port() + ": already open (ports are exclusive)");
        }
        return new SimSerialLink(config.port(), wire.toHost(), wire.toDevice(), config.readTimeout(), ticker,
                () -> wire.hostOpen().set(false));
    }
}
