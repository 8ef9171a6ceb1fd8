package dev.outpost.hal.serial;

import dev.outpost.hal.time.Ticker;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A serial line reached as a raw TCP byte stream: a serial device server in TCP-server mode (e.g. Moxa NPort) on
 * {@code host:port}, or, on the other end, a simulated device serving a socket it accepted. Line settings (baud,
 * framing) are the device server's; this side ignores them.
 *
 * <p>A connected link survives the device server restarting: when the connection drops, the read or write that
 * sees it fails, and the next one connects again. A link made from an accepted socket stays down once it drops.
 */
public final class TcpSerialLink implements SerialLink {

    private final String port;
    private final InetSocketAddress address;
    private final Duration readTimeout;
    private final Duration connectTimeout;
    private final Ticker ticker;
    private final ReentrantLock readLock = new ReentrantLock();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Object connectLock = new Object();
    private volatile Socket socket;
    private volatile boolean closed;

    private TcpSerialLink(String port, InetSocketAddress address, Socket socket, Duration readTimeout,
                          Duration connectTimeout, Ticker ticker) {
        this.port = port;
        this.address = address;
        this.socket = socket;
        this.readTimeout = readTimeout;
        this.connectTimeout = connectTimeout;
        this.ticker = ticker;
    }

    /**
     * Connects to {@code config.port()}, given as {@code host:port}; the write timeout bounds each connect.
     *
     * @throws SerialException when the port is not host:port or nothing accepts the connection
     */
    public static TcpSerialLink connect(SerialConfig config, Ticker ticker) {
        Objects.requireNonNull(ticker, "ticker");
        TcpSerialLink link = new TcpSerialLink(config.port(), address(config.port()), null, config.readTimeout(),
                config.writeTimeout(), ticker);
        link.connected();
        return link;
    }

    /** The device end of a connection a simulated device accepted. */
    public static TcpSerialLink accepted(Socket socket, Duration readTimeout, Ticker ticker) {
        Objects.requireNonNull(socket, "socket");
        try {
            socket.setTcpNoDelay(true);
        } catch (IOException e) {
            throw new SerialException("serial " + socket.getLocalSocketAddress() + ": cannot set TCP_NODELAY: "
                    + e.getMessage(), e);
        }
        String name = socket.getLocalAddress().getHostAddress() + ":" + socket.getLocalPort() + " (from "
                + socket.getInetAddress().getHostAddress() + ":" + socket.getPort() + ")";
        return new TcpSerialLink(name, null, socket, readTimeout, Duration.ZERO, Objects.requireNonNull(ticker));
    }

    static InetSocketAddress address(String port) {
        int colon = port.lastIndexOf(':');
        String host = colon > 0 ? port.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int number = -1;
        try {
            number = colon > 0 ? Integer.parseInt(port.substring(colon + 1)) : -1;
        } catch (NumberFormatException e) {
            // reported below with the rest
        }
        if (host.isBlank() || number < 1 || number > 65_535) {
            throw new SerialException("serial " + port + ": serial.driver=tcp needs serial.port as host:port with a "
                    + "port of 1..65535, e.g. 127.0.0.1:5020");
        }
        return InetSocketAddress.createUnresolved(host, number);
    }

    @Override
    public String port() {
        return port;
    }

    @Override
    public void write(byte[] data) {
        Objects.requireNonNull(data, "data");
        writeLock.lock();
        try {
            checkOpen("write");
            Socket current = connected();
            try {
                current.getOutputStream().write(data);
                current.getOutputStream().flush();
            } catch (IOException e) {
                checkOpen("write");
                throw dropped(current, "write of " + data.length + " bytes failed", e);
            }
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length, Duration timeout) {
        LinkReads.checkRange(port, buffer, offset, length, timeout);
        readLock.lock();
        try {
            checkOpen("read");
            if (length == 0) {
                return 0;
            }
            Socket current = connected();
            try {
                InputStream in = current.getInputStream();
                int toRead = length;
                if (timeout.isZero()) {
                    toRead = Math.min(length, in.available());
                    if (toRead == 0) {
                        return 0;
                    }
                } else {
                    current.setSoTimeout(millis(timeout));
                }
                int n = in.read(buffer, offset, toRead);
                if (n < 0) {
                    throw dropped(current, "the peer closed the connection", null);
                }
                return n;
            } catch (SocketTimeoutException e) {
                return 0;
            } catch (IOException e) {
                checkOpen("read");
                throw dropped(current, "read failed", e);
            }
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public int read(byte[] buffer) {
        return read(buffer, 0, buffer.length, readTimeout);
    }

    @Override
    public void readExactly(byte[] buffer, Duration timeout) {
        checkOpen("read");
        LinkReads.readExactly(this, ticker, buffer, timeout);
    }

    @Override
    public int discardInput() {
        readLock.lock();
        try {
            checkOpen("discard input of");
            Socket current = socket;
            if (current == null) {
                return 0;
            }
            byte[] scratch = new byte[512];
            int dropped = 0;
            try {
                InputStream in = current.getInputStream();
                int available;
                while ((available = in.available()) > 0) {
                    dropped += Math.max(0, in.read(scratch, 0, Math.min(available, scratch.length)));
                }
            } catch (IOException e) {
                checkOpen("discard input of");
                throw dropped(current, "discarding input failed", e);
            }
            return dropped;
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (connectLock) {
            closeQuietly(socket);
        }
    }

    private Socket connected() {
        Socket current = socket;
        if (current != null) {
            return current;
        }
        if (address == null) {
            throw new SerialException("serial " + port + ": the connection is gone; the peer has to connect again");
        }
        synchronized (connectLock) {
            checkOpen("connect");
            if (socket == null) {
                socket = open();
            }
            return socket;
        }
    }

    private Socket open() {
        Socket fresh = new Socket();
        try {
            fresh.connect(new InetSocketAddress(address.getHostString(), address.getPort()), millis(connectTimeout));
            fresh.setTcpNoDelay(true);
            return fresh;
        } catch (IOException e) {
            closeQuietly(fresh);
            throw new SerialException("serial " + port + ": cannot connect within " + connectTimeout.toMillis()
                    + " ms (" + e.getMessage() + "); check that the device server is on and in TCP-server mode on "
                    + "that port", e);
        }
    }

    /** Forgets a broken connection (the next use connects again) and says what happened. */
    private SerialException dropped(Socket broken, String what, IOException cause) {
        synchronized (connectLock) {
            if (socket == broken) {
                socket = null;
            }
            closeQuietly(broken);
        }
        String detail = cause == null ? "" : " (" + cause.getMessage() + ")";
        String again = address == null ? "" : "; the next read or write connects again";
        return new SerialException("serial " + port + ": " + what + detail + again, cause);
    }

    private static void closeQuietly(Socket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException e) {
            // closing a socket that is already broken; nothing left to release
        }
    }

    private void checkOpen(String action) {
        if (closed) {
            throw new IllegalStateException("serial " + port + ": closed; cannot " + action + " it");
        }
    }

    /** Socket timeouts are whole milliseconds, and 0 means forever: round up. */
    private static int millis(Duration timeout) {
        long millis = (timeout.toNanos() + 999_999) / 1_000_000;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis));
    }

    @Override
    public String toString() {
        return "TcpSerialLink[" + port + "]";
    }
}
