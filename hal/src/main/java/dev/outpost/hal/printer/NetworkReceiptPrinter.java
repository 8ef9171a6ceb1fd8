package dev.outpost.hal.printer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Objects;
import org.tinylog.Logger;

/**
 * ESC/POS over raw TCP. One connection per call: printers on 9100 serve one client at a time, and a
 * connection held open goes stale when the printer sleeps or reboots. Status comes from DLE EOT real-time
 * queries, which the printer answers even while its print buffer is full.
 */
public final class NetworkReceiptPrinter implements ReceiptPrinter {

    private static final byte DLE = 0x10;
    private static final byte EOT = 0x04;
    private static final int PRINTER_STATUS = 1;
    private static final int OFFLINE_CAUSE = 2;
    private static final int PAPER_SENSOR = 4;
    /** ESC p 0 25 120: a pulse on the drawer kick-out connector's pin 2, 50 ms on and 240 ms off. */
    private static final byte[] DRAWER_KICK = {0x1B, 0x70, 0x00, 25, 120};

    private final NetworkPrinterConfig config;
    private final String name;
    private volatile boolean closed;

    public NetworkReceiptPrinter(NetworkPrinterConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.name = "printer " + config.id() + " (" + config.host() + ":" + config.port() + ")";
    }

    @Override
    public String id() {
        return config.id();
    }

    @Override
    public synchronized void print(byte[] escpos) {
        Objects.requireNonNull(escpos, "escpos");
        checkOpen("print on");
        try (Socket socket = connect()) {
            PrinterStatus status = query(socket);
            if (status != PrinterStatus.READY) {
                throw new PrinterException(name + ": not ready (" + status + "); nothing printed", status);
            }
            OutputStream out = socket.getOutputStream();
            out.write(escpos);
            out.flush();
        } catch (IOException e) {
            throw new PrinterException(name + ": job of " + escpos.length + " bytes not sent: " + e.getMessage(),
                    PrinterStatus.OFFLINE, e);
        }
    }

    @Override
    public synchronized PrinterStatus status() {
        checkOpen("ask");
        try (Socket socket = connect()) {
            return query(socket);
        } catch (IOException e) {
            Logger.debug("{}: offline: {}", name, e.getMessage());
            return PrinterStatus.OFFLINE;
        }
    }

    /** Pulses the drawer kick-out connector (ESC p): a cash drawer hung on this printer springs open. */
    public synchronized void kickDrawer() {
        checkOpen("kick the drawer of");
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(DRAWER_KICK);
            out.flush();
        } catch (IOException e) {
            throw new PrinterException(name + ": drawer kick not sent: " + e.getMessage(), PrinterStatus.OFFLINE, e);
        }
    }

    /** Whether pin 3 of the drawer kick-out connector (the drawer's switch) reads high: DLE EOT 1, bit 2. */
    public synchronized boolean drawerSignalHigh() {
        checkOpen("ask");
        try (Socket socket = connect()) {
            return (ask(socket, PRINTER_STATUS) & 0x04) != 0;
        } catch (IOException e) {
            throw new PrinterException(name + ": drawer switch not read: " + e.getMessage(), PrinterStatus.OFFLINE, e);
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(config.host(), config.port()), (int) config.connectTimeout().toMillis());
            socket.setSoTimeout((int) config.readTimeout().toMillis());
            socket.setTcpNoDelay(true);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private PrinterStatus query(Socket socket) throws IOException {
        int printer = ask(socket, PRINTER_STATUS);
        int paper = ask(socket, PAPER_SENSOR);
        if ((printer & 0x08) != 0) {
            int cause = ask(socket, OFFLINE_CAUSE);
            if ((cause & 0x04) != 0) {
                return PrinterStatus.COVER_OPEN;
            }
            if ((cause & 0x20) != 0 || (paper & 0x60) != 0) {
                return PrinterStatus.PAPER_OUT;
            }
            return PrinterStatus.OFFLINE;
        }
        return (paper & 0x60) != 0 ? PrinterStatus.PAPER_OUT : PrinterStatus.READY;
    }

    private int ask(Socket socket, int function) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(new byte[] {DLE, EOT, (byte) function});
        out.flush();
        InputStream in = socket.getInputStream();
        int answer;
        try {
            answer = in.read();
        } catch (SocketTimeoutException e) {
            throw new IOException("no answer to DLE EOT " + function + " within " + config.readTimeout().toMillis()
                    + " ms", e);
        }
        if (answer < 0) {
            throw new IOException("connection closed before the answer to DLE EOT " + function);
        }
        // every DLE EOT answer has bits 1 and 4 set and bits 0 and 7 clear
        if ((answer & 0x93) != 0x12) {
            throw new IOException(String.format("answer 0x%02x to DLE EOT %d is not a status byte", answer, function));
        }
        return answer;
    }

    @Override
    public void close() {
        closed = true;
    }

    private void checkOpen(String action) {
        if (closed) {
            throw new IllegalStateException(name + ": closed; cannot " + action + " it");
        }
    }

    @Override
    public String toString() {
        return "NetworkReceiptPrinter[" + config.id() + ", " + config.host() + ":" + config.port() + "]";
    }
}
