package dev.outpost.sim.legacy;

import dev.outpost.appliance.legacy.LineProtocol;
import dev.outpost.appliance.legacy.LineProtocol.Ack;
import dev.outpost.appliance.legacy.LineProtocol.BadLine;
import dev.outpost.appliance.legacy.LineProtocol.Message;
import dev.outpost.appliance.legacy.LineProtocol.Nak;
import dev.outpost.appliance.legacy.LineProtocol.Ping;
import dev.outpost.appliance.legacy.LineProtocol.Pong;
import dev.outpost.appliance.legacy.LineProtocol.Sale;
import dev.outpost.appliance.legacy.SaleRecord;
import dev.outpost.hal.serial.SerialException;
import dev.outpost.hal.serial.SerialLink;
import dev.outpost.hal.serial.TcpSerialLink;
import dev.outpost.hal.time.Scheduler;
import dev.outpost.hal.time.Ticker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.tinylog.Logger;

/**
 * A simulated legacy POS speaking the line protocol ({@link LineProtocol}): it records each sale once by transaction
 * id, in the order first taken, and answers a sale it already has with ACK again (counting the duplicate). It serves
 * serial links ({@link #serve}: a pty through jSerialComm) or a loopback TCP port, one connection at a time
 * ({@link #serveTcp}); {@link #goDown()} ends every line and listener, as a device switched off, and serving again
 * brings it back with what it recorded; {@link #silent} keeps the line open but ignores it.
 *
 * <p>Faults, told in advance: {@link #slow} delays every answer; {@link #dropAnswers} records the next sales but
 * never answers them (the worst case for the sender); {@link #nakNext} answers the next sales NAK RETRY without
 * recording them; {@link #garbageNext} answers the next sales with noise and a damaged line instead;
 * {@link #reject} refuses one transaction for good (NAK REJECT). {@link #randomFaults} draws drops, NAKs and garbage
 * for each sale from a seeded random. Thread-safe: the serving threads and callers share one lock.
 */
public final class LegacyPosSimulator implements AutoCloseable {
    private static final Duration SERVE_WAIT = Duration.ofMillis(100);

    private final Object lock = new Object();
    private final Map<String, SaleRecord> taken = new LinkedHashMap<>();
    private final Map<String, String> rejects = new LinkedHashMap<>();
    private final List<SerialLink> links = new CopyOnWriteArrayList<>();
    private final List<ServerSocket> servers = new CopyOnWriteArrayList<>();
    private final Scheduler scheduler = Scheduler.system();
    private Duration delay = Duration.ZERO;
    private int dropNext;
    private int nakNext;
    private int garbageNext;
    private Random random;
    private double dropP;
    private double nakP;
    private double garbageP;
    private long requests;
    private long duplicates;
    private long dropped;
    private long naks;
    private long garbageSent;
    private long badLines;
    private boolean silent;
    private volatile boolean closed;

    // --- serving -------------------------------------------------------------------------------------------------

    /** Serves {@code link} on a thread of its own until {@link #goDown()} or {@link #close()}, which close it. */
    public void serve(SerialLink link) {
        checkOpen();
        links.add(link);
        Thread.ofPlatform().daemon().name("legacy-pos-sim-" + link.port()).start(() -> serveLink(link));
    }

    /** Listens on 127.0.0.1:{@code port} (0 picks a free one) and serves one connection at a time. */
    public InetSocketAddress serveTcp(int port) throws IOException {
        checkOpen();
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        servers.add(server);
        Thread.ofPlatform().daemon().name("legacy-pos-sim-tcp-" + server.getLocalPort()).start(() -> accept(server));
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            SerialLink link;
            try {
                link = TcpSerialLink.accepted(server.accept(), SERVE_WAIT, Ticker.system());
            } catch (IOException e) {
                return; // closed by goDown() or close()
            }
            links.add(link);
            serveLink(link);
        }
    }

    /** Switched off: every listener and line ends; what it recorded stays. Serve again to bring it back. */
    public void goDown() {
        for (ServerSocket server : servers) {
            try {
                server.close();
            } catch (IOException e) {
                // closing; nothing to release
            }
        }
        servers.clear();
        links.forEach(SerialLink::close);
    }

    private void serveLink(SerialLink link) {
        LineProtocol.Lines lines = new LineProtocol.Lines();
        byte[] buffer = new byte[512];
        try {
            while (!closed) {
                int n = link.read(buffer, 0, buffer.length, SERVE_WAIT);
                for (String line : lines.feed(buffer, n)) {
                    answer(line).forEach(out -> send(link, out));
                }
            }
        } catch (IllegalStateException e) {
            // the link was closed: by goDown() or close()
        } catch (SerialException e) {
            Logger.debug("legacy pos simulator: stopped serving {}: {}", link.port(), e.getMessage());
        } finally {
            links.remove(link);
            link.close();
        }
    }

    private void send(SerialLink link, byte[] bytes) {
        Duration wait;
        synchronized (lock) {
            wait = delay;
        }
        Runnable write = () -> {
            try {
                link.write(bytes);
            } catch (RuntimeException e) {
                Logger.debug("legacy pos simulator: answer not sent on {}: {}", link.port(), e.getMessage());
            }
        };
        if (wait.isZero()) {
            write.run();
        } else {
            scheduler.schedule(wait, write);
        }
    }

    /** What the device writes back for one line it read: nothing, an answer, or noise. */
    List<byte[]> answer(String line) {
        synchronized (lock) {
            if (silent) {
                return List.of();
            }
            Message request;
            try {
                request = LineProtocol.decode(line);
            } catch (BadLine e) {
                badLines++;
                return e.damaged() || e.seq() == 0 ? List.of()
                        : List.of(LineProtocol.encode(new Nak(e.seq(), true, e.getMessage())));
            }
            requests++;
            return switch (request) {
                case Ping ping -> List.of(LineProtocol.encode(new Pong(ping.seq())));
                case Sale sale -> sale(sale);
                default -> List.of();
            };
        }
    }

    private List<byte[]> sale(Sale sale) {
        SaleRecord record = sale.record();
        String reject = rejects.get(record.transactionId());
        if (reject != null) {
            naks++;
            return List.of(LineProtocol.encode(new Nak(sale.seq(), true, reject)));
        }
        if (nakNext > 0 || draw(nakP)) {
            nakNext = Math.max(0, nakNext - 1);
            naks++;
            return List.of(LineProtocol.encode(new Nak(sale.seq(), false, "busy")));
        }
        SaleRecord earlier = taken.get(record.transactionId());
        if (earlier != null && !earlier.equals(record)) {
            naks++;
            return List.of(LineProtocol.encode(new Nak(sale.seq(), true, "transaction " + record.transactionId()
                    + " already recorded with total " + earlier.totalMinor() + " " + earlier.currency())));
        }
        if (earlier != null) {
            duplicates++;
        } else {
            taken.put(record.transactionId(), record);
        }
        if (dropNext > 0 || draw(dropP)) {
            dropNext = Math.max(0, dropNext - 1);
            dropped++;
            return List.of();
        }
        byte[] ack = LineProtocol.encode(new Ack(sale.seq()));
        if (garbageNext > 0 || draw(garbageP)) {
            garbageNext = Math.max(0, garbageNext - 1);
            garbageSent++;
            byte[] damaged = ack.clone();
            damaged[damaged.length - 2] ^= 0x01; // a flipped bit in the checksum
            return List.of("\u0000#%&?noise".getBytes(StandardCharsets.ISO_8859_1), "\n".getBytes(StandardCharsets.US_ASCII),
                    damaged);
        }
        return List.of(ack);
    }

    private boolean draw(double p) {
        return random != null && p > 0 && random.nextDouble() < p;
    }

    // --- faults --------------------------------------------------------------------------------------------------

    /** Silent, it reads and drops every line, as a device switched off at the end of a serial cable. */
    public void silent(boolean on) {
        synchronized (lock) {
            silent = on;
        }
    }

    /** Every answer from now on goes out {@code by} later (zero: at once). */
    public void slow(Duration by) {
        synchronized (lock) {
            delay = Objects.requireNonNull(by, "by");
        }
    }

    /** The next {@code n} sales are recorded but not answered. */
    public void dropAnswers(int n) {
        synchronized (lock) {
            dropNext = n;
        }
    }

    /** The next {@code n} sales are answered NAK RETRY and not recorded. */
    public void nakNext(int n) {
        synchronized (lock) {
            nakNext = n;
        }
    }

    /** The next {@code n} sales are recorded and answered with noise and a damaged ACK. */
    public void garbageNext(int n) {
        synchronized (lock) {
            garbageNext = n;
        }
    }

    /** This transaction is refused for good with {@code reason}. */
    public void reject(String transactionId, String reason) {
        synchronized (lock) {
            rejects.put(transactionId, reason);
        }
    }

    /** Each sale, independently: dropped, NAKed or garbled with these chances, drawn from {@code seed}. */
    public void randomFaults(long seed, double drop, double nak, double garbage) {
        synchronized (lock) {
            random = new Random(seed);
            dropP = drop;
            nakP = nak;
            garbageP = garbage;
        }
    }

    // --- what it saw ---------------------------------------------------------------------------------------------

    /** The transaction ids recorded, in the order first taken. */
    public List<String> taken() {
        synchronized (lock) {
            return new ArrayList<>(taken.keySet());
        }
    }

    /** Counters since start, as one line. */
    public String status() {
        synchronized (lock) {
            return "taken=" + taken.size() + " duplicates=" + duplicates + " requests=" + requests + " dropped="
                    + dropped + " naks=" + naks + " garbage=" + garbageSent + " bad_lines=" + badLines + " slow="
                    + delay.toMillis() + "ms silent=" + silent + " lines=" + links.size();
        }
    }

    /** Sales received again after they were recorded. */
    public long duplicates() {
        synchronized (lock) {
            return duplicates;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("legacy pos simulator: closed");
        }
    }

    @Override
    public void close() {
        closed = true;
        goDown();
    }
}
