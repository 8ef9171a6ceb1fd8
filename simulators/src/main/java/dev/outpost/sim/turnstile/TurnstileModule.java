package dev.outpost.sim.turnstile;

import dev.outpost.hal.modbus.ExceptionCode;
import dev.outpost.hal.modbus.FrameTiming;
import dev.outpost.hal.modbus.FunctionCode;
import dev.outpost.hal.modbus.IllegalRequestException;
import dev.outpost.hal.modbus.ModbusMaster;
import dev.outpost.hal.modbus.ModbusRequest;
import dev.outpost.hal.modbus.ModbusResponse;
import dev.outpost.hal.modbus.ModbusSlave;
import dev.outpost.hal.serial.SerialException;
import dev.outpost.hal.serial.SerialLink;
import dev.outpost.hal.serial.TcpSerialLink;
import dev.outpost.hal.time.ManualTime;
import dev.outpost.hal.time.Scheduler;
import dev.outpost.hal.time.Ticker;
import dev.outpost.hal.turnstile.PassageCounters;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.tinylog.Logger;

/**
 * A simulated turnstile I/O module: a Modbus RTU slave with the register map of ARCHITECTURE.md §8, serving on
 * serial links ({@link #serve}: a SimSerial end, or a pty through jSerialComm) or on a loopback TCP port as a serial
 * device server would ({@link #serveTcp}). It keeps hardware passage counters (uint32, wrapping, presettable) and
 * clears coil 0 after an entry passage or its pulse time (coil 1 likewise after an exit).
 *
 * <p>People are moved by {@link #enterOne}, {@link #tailgate} and {@link #exitOne}; line faults by
 * {@link #corruptNextReplies}, {@link #corruptReplies}, {@link #silence}, {@link #silenceFor} and
 * {@link #slowReplies}. A silent module ignores requests altogether, like one whose bus is cut.
 *
 * <p>Module time (coil pulses, passage edges, silence windows) comes from the injected ticker, and slow replies are
 * sent through the injected scheduler, so on {@link ManualTime} a delayed reply goes out when the test advances
 * the clock. Reading frames off the line is always real time. Thread-safe: the serving threads and the callers
 * share one lock.
 */
public final class TurnstileModule implements AutoCloseable {

    public static final Duration DEFAULT_PULSE = Duration.ofSeconds(3);
    /** How long a passage input stays HIGH after a passage. */
    public static final Duration PASSAGE_EDGE = Duration.ofMillis(200);

    private static final FrameTiming DEFAULT_TIMING = new FrameTiming(9600);
    private static final Duration SERVE_WAIT = Duration.ofMillis(100);
    private static final int COILS = 3;

    private final int unit;
    private final long pulseNanos;
    private final Ticker ticker;
    private final Scheduler scheduler;
    private final String name;
    private final Object lock = new Object();
    private final List<SerialLink> links = new CopyOnWriteArrayList<>();
    private final List<SerialLink> accepted = new CopyOnWriteArrayList<>();
    private final List<ServerSocket> servers = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicLong requestsSeen = new AtomicLong();
    private final AtomicLong repliesSent = new AtomicLong();
    private volatile boolean closed;

    private boolean entryCoil;
    private boolean exitCoil;
    private boolean fullLamp;
    private long entryCoilAt;
    private long exitCoilAt;
    private long entryEdgeAt;
    private long exitEdgeAt;
    private boolean fireAlarm;
    private boolean ready = true;
    private boolean tamper;
    private boolean manualRelease;
    private long entries;
    private long exits;
    private long uncountedEntries;

    private int corruptNext;
    private double corruptProbability;
    private Random corruptRandom;
    private boolean silent;
    private boolean silentForAWhile;
    private long silentUntil;
    private Duration replyDelay = Duration.ZERO;

    public TurnstileModule(int unit, Duration pulse, Ticker ticker, Scheduler scheduler) {
        if (unit < 1 || unit > ModbusMaster.MAX_UNIT) {
            throw new IllegalArgumentException("turnstile module: unit must be between 1 and " + ModbusMaster.MAX_UNIT
                    + ", was " + unit);
        }
        if (pulse == null || pulse.toMillis() < 1) {
            throw new IllegalArgumentException("turnstile module: pulse time must be at least 1 ms, was " + pulse);
        }
        this.unit = unit;
        this.pulseNanos = pulse.toNanos();
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.name = "turnstile module unit " + unit;
        long longAgo = ticker.nanos() - PASSAGE_EDGE.toNanos();
        entryEdgeAt = longAgo;
        exitEdgeAt = longAgo;
    }

    /** A module on the system clock with the default 3 s pulse. */
    public static TurnstileModule create(int unit) {
        return new TurnstileModule(unit, DEFAULT_PULSE, Ticker.system(), Scheduler.system());
    }

    /** A module whose time only moves when {@code time} is advanced. */
    public static TurnstileModule on(ManualTime time, int unit) {
        return new TurnstileModule(unit, DEFAULT_PULSE, time, time);
    }

    // --- serving -------------------------------------------------------------------------------------------------

    /** Serves on {@code link} at 9600 baud timing until {@link #close()}, which also closes the link. */
    public void serve(SerialLink link) {
        serve(link, DEFAULT_TIMING);
    }

    public void serve(SerialLink link, FrameTiming timing) {
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(timing, "timing");
        checkOpen();
        links.add(link);
        start("turnstile-module-" + unit + "-" + link.port(), () -> serveLink(link, timing));
    }

    /**
     * Listens on 127.0.0.1:{@code port} (0 picks a free one) and serves one connection at a time, like a serial
     * device server in TCP-server mode; a new connection is taken when the current one ends.
     */
    public InetSocketAddress serveTcp(int port) throws IOException {
        checkOpen();
        ServerSocket server = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
        servers.add(server);
        start("turnstile-module-" + unit + "-tcp-" + server.getLocalPort(), () -> acceptLoop(server));
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** Ends the TCP connections being served, as a device server that restarts; the port keeps listening. */
    public void dropConnections() {
        accepted.forEach(SerialLink::close);
    }

    private void acceptLoop(ServerSocket server) {
        while (!closed) {
            SerialLink link;
            try {
                link = TcpSerialLink.accepted(server.accept(), SERVE_WAIT, Ticker.system());
            } catch (IOException e) {
                if (!closed) {
                    Logger.warn("{}: stopped listening on {}: {}", name, server.getLocalSocketAddress(), e.getMessage());
                }
                return;
            }
            links.add(link);
            accepted.add(link);
            serveLink(link, DEFAULT_TIMING);
            accepted.remove(link);
        }
    }

    private void serveLink(SerialLink link, FrameTiming timing) {
        ModbusSlave slave = new ModbusSlave(link, unit, timing, this::handle, Ticker.system());
        try {
            while (!closed) {
                Optional<byte[]> frame = slave.readFrame(SERVE_WAIT);
                if (frame.isPresent()) {
                    requestsSeen.incrementAndGet();
                    if (!silentNow()) {
                        slave.reply(frame.get()).ifPresent(reply -> send(link, reply));
                    }
                }
            }
        } catch (IllegalStateException e) {
            // the link was closed: by close() or dropConnections()
        } catch (SerialException e) {
            Logger.info("{}: stopped serving {}: {}", name, link.port(), e.getMessage());
        } finally {
            links.remove(link);
            link.close();
        }
    }

    private boolean silentNow() {
        synchronized (lock) {
            return silent || (silentForAWhile && ticker.nanos() - silentUntil < 0);
        }
    }

    private void send(SerialLink link, byte[] reply) {
        Duration delay;
        synchronized (lock) {
            boolean corrupt = corruptNext > 0
                    || (corruptRandom != null && corruptRandom.nextDouble() < corruptProbability);
            if (corruptNext > 0) {
                corruptNext--;
            }
            if (corrupt) {
                reply[reply.length - 1] ^= 0x5A;
            }
            delay = replyDelay;
        }
        if (delay.isZero()) {
            write(link, reply);
        } else {
            scheduler.schedule(delay, () -> write(link, reply));
        }
    }

    private void write(SerialLink link, byte[] reply) {
        try {
            link.write(reply);
            repliesSent.incrementAndGet();
        } catch (RuntimeException e) {
            Logger.debug("{}: reply not sent on {}: {}", name, link.port(), e.getMessage());
        }
    }

    private ModbusResponse handle(ModbusRequest request) {
        synchronized (lock) {
            expireCoils();
            return switch (request) {
                case ModbusRequest.ReadCoils read -> new ModbusResponse.Bits(FunctionCode.READ_COILS,
                        slice(List.of(entryCoil, exitCoil, fullLamp), read.address(), read.quantity(), "coils"));
                case ModbusRequest.ReadDiscreteInputs read -> new ModbusResponse.Bits(FunctionCode.READ_DISCRETE_INPUTS,
                        slice(inputs(), read.address(), read.quantity(), "discrete inputs"));
                case ModbusRequest.ReadInputRegisters read -> new ModbusResponse.Registers(
                        slice(registers(), read.address(), read.quantity(), "input registers"));
                case ModbusRequest.WriteCoil write -> {
                    setCoils(write.address(), List.of(write.on()));
                    yield new ModbusResponse.CoilWritten(write.address(), write.on());
                }
                case ModbusRequest.WriteCoils write -> {
                    setCoils(write.address(), write.values());
                    yield new ModbusResponse.CoilsWritten(write.address(), write.values().size());
                }
            };
        }
    }

    private List<Boolean> inputs() {
        long now = ticker.nanos();
        long edge = PASSAGE_EDGE.toNanos();
        return List.of(now - entryEdgeAt < edge, now - exitEdgeAt < edge, fireAlarm, ready, tamper, manualRelease);
    }

    private List<Integer> registers() {
        return List.of((int) (entries >>> 16), (int) (entries & 0xFFFF), (int) (exits >>> 16), (int) (exits & 0xFFFF));
    }

    private static <T> List<T> slice(List<T> table, int address, int quantity, String what) {
        if (address + quantity > table.size()) {
            throw new IllegalRequestException(ExceptionCode.ILLEGAL_DATA_ADDRESS, "the module has " + what + " 0.."
                    + (table.size() - 1) + ", not " + address + ".." + (address + quantity - 1));
        }
        return table.subList(address, address + quantity);
    }

    private void setCoils(int address, List<Boolean> values) {
        slice(List.of(entryCoil, exitCoil, fullLamp), address, values.size(), "coils");
        long now = ticker.nanos();
        for (int i = 0; i < values.size(); i++) {
            boolean on = values.get(i);
            switch (address + i) {
                case 0 -> {
                    entryCoil = on;
                    entryCoilAt = now;
                }
                case 1 -> {
                    exitCoil = on;
                    exitCoilAt = now;
                }
                default -> fullLamp = on;
            }
        }
    }

    private void expireCoils() {
        long now = ticker.nanos();
        if (entryCoil && now - entryCoilAt >= pulseNanos) {
            entryCoil = false;
        }
        if (exitCoil && now - exitCoilAt >= pulseNanos) {
            exitCoil = false;
        }
    }

    // --- people --------------------------------------------------------------------------------------------------

    /** Whether a person can pass the entry now: coil 0 set and its pulse not over, or released by fire or key. */
    public boolean entryUnlocked() {
        synchronized (lock) {
            expireCoils();
            return entryCoil || fireAlarm || manualRelease;
        }
    }

    /**
     * One person passes the entry, if it is unlocked: the entry-passage input goes HIGH for {@link #PASSAGE_EDGE},
     * the entry counter steps and coil 0 clears.
     *
     * @return false, and nothing happens, if the entry is locked
     */
    public boolean enterOne() {
        synchronized (lock) {
            if (!entryUnlocked()) {
                return false;
            }
            entries = (entries + 1) % PassageCounters.WRAP;
            entryCoil = false;
            entryEdgeAt = ticker.nanos();
            return true;
        }
    }

    /** A second person slips through behind the first without being counted; only {@link #uncountedEntries} knows. */
    public void tailgate() {
        synchronized (lock) {
            uncountedEntries++;
        }
    }

    /** One person passes the exit, which is free in hardware: the exit counter steps and coil 1 clears. */
    public void exitOne() {
        synchronized (lock) {
            exits = (exits + 1) % PassageCounters.WRAP;
            exitCoil = false;
            exitEdgeAt = ticker.nanos();
        }
    }

    // --- inputs and outputs --------------------------------------------------------------------------------------

    /** The fire-loop monitor input: true when the loop is open or cut. A fire alarm also releases the entry. */
    public void fireLoop(boolean alarm) {
        synchronized (lock) {
            fireAlarm = alarm;
        }
    }

    public void ready(boolean isReady) {
        synchronized (lock) {
            ready = isReady;
        }
    }

    public void tamper(boolean active) {
        synchronized (lock) {
            tamper = active;
        }
    }

    /** The key switch; while released, the entry is free. */
    public void manualRelease(boolean released) {
        synchronized (lock) {
            manualRelease = released;
        }
    }

    public boolean fullLampOn() {
        synchronized (lock) {
            return fullLamp;
        }
    }

    /** Coil 1: the exit unlocked (or held open) and its pulse not over. */
    public boolean exitHeldOpen() {
        synchronized (lock) {
            expireCoils();
            return exitCoil;
        }
    }

    public PassageCounters counters() {
        synchronized (lock) {
            return new PassageCounters(entries, exits);
        }
    }

    /** Sets the hardware counters, e.g. close to 2^32 to see them wrap. */
    public void presetCounters(PassageCounters preset) {
        Objects.requireNonNull(preset, "preset");
        synchronized (lock) {
            entries = preset.entries();
            exits = preset.exits();
        }
    }

    /** Ground truth: people who entered without being counted. */
    public long uncountedEntries() {
        synchronized (lock) {
            return uncountedEntries;
        }
    }

    /** Request frames read off the line, whether answered or not. */
    public long requestsSeen() {
        return requestsSeen.get();
    }

    /** Replies written to the line, corrupted ones included. */
    public long repliesSent() {
        return repliesSent.get();
    }

    // --- faults --------------------------------------------------------------------------------------------------

    /** The next {@code count} replies go out with a wrong CRC. */
    public void corruptNextReplies(int count) {
        if (count < 0) {
            throw new IllegalArgumentException(name + ": replies to corrupt must not be negative, was " + count);
        }
        synchronized (lock) {
            corruptNext = count;
        }
    }

    /** Each reply goes out with a wrong CRC with {@code probability}, drawn from a generator seeded with {@code seed}. */
    public void corruptReplies(double probability, long seed) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException(name + ": corruption probability must be between 0 and 1, was "
                    + probability);
        }
        synchronized (lock) {
            corruptProbability = probability;
            corruptRandom = new Random(seed);
        }
    }

    /** Ignores every request until {@link #clearFaults()}. */
    public void silence() {
        synchronized (lock) {
            silent = true;
        }
    }

    /** Ignores every request for {@code duration} of module time. */
    public void silenceFor(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        synchronized (lock) {
            silentForAWhile = true;
            silentUntil = ticker.nanos() + duration.toNanos();
        }
    }

    /** Holds every reply back for {@code delay} on the module's scheduler; zero answers at once. */
    public void slowReplies(Duration delay) {
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException(name + ": reply delay must be zero or more, was " + delay);
        }
        synchronized (lock) {
            replyDelay = delay;
        }
    }

    /** Ends every fault: no corruption, no silence, no delay. */
    public void clearFaults() {
        synchronized (lock) {
            corruptNext = 0;
            corruptProbability = 0;
            corruptRandom = null;
            silent = false;
            silentForAWhile = false;
            replyDelay = Duration.ZERO;
        }
    }

    // --- lifecycle -----------------------------------------------------------------------------------------------

    private void start(String threadName, Runnable task) {
        threads.add(Thread.ofPlatform().daemon().name(threadName).start(task));
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(name + ": closed");
        }
    }

    /** Stops serving and closes every link and port it served on. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ServerSocket server : servers) {
            try {
                server.close();
            } catch (IOException e) {
                Logger.debug("{}: closing {}: {}", name, server.getLocalSocketAddress(), e.getMessage());
            }
        }
        links.forEach(SerialLink::close);
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public String toString() {
        return "TurnstileModule[unit " + unit + ", " + counters() + "]";
    }
}
