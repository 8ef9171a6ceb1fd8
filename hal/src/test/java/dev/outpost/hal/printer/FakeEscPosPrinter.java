package dev.outpost.hal.printer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A raw-TCP ESC/POS printer on loopback: answers DLE EOT 1, 2 and 4 as an Epson TM would for the status it is
 * told to have (and the drawer switch's pin 3 in bit 2 of DLE EOT 1), keeps each connection's other bytes as one job,
 * and stays silent when OFFLINE.
 */
final class FakeEscPosPrinter implements AutoCloseable {

    private final ServerSocket server;
    private final BlockingQueue<byte[]> jobs = new LinkedBlockingQueue<>();
    private final Thread acceptor;
    private volatile PrinterStatus status = PrinterStatus.READY;
    private volatile boolean drawerPin3High;

    FakeEscPosPrinter() throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofPlatform().daemon().name("fake-escpos").start(this::serve);
    }

    int port() {
        return server.getLocalPort();
    }

    void become(PrinterStatus newStatus) {
        status = newStatus;
    }

    /** The level the drawer's switch puts on pin 3 of the kick-out connector. */
    void drawerPin3(boolean high) {
        drawerPin3High = high;
    }

    List<byte[]> jobs(int count, long timeoutMillis) throws InterruptedException {
        List<byte[]> got = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (got.size() < count) {
            byte[] job = jobs.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (job == null) {
                break;
            }
            got.add(job);
        }
        return got;
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                handle(socket);
            } catch (IOException e) {
                // closed server or a client that went away; the next accept decides
            }
        }
    }

    private void handle(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        ByteArrayOutputStream job = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b != 0x10) {
                job.write(b);
                continue;
            }
            int second = in.read();
            if (second != 0x04) {
                job.write(b);
                if (second >= 0) {
                    job.write(second);
                }
                continue;
            }
            int function = in.read();
            if (status != PrinterStatus.OFFLINE) {
                out.write(answer(function));
                out.flush();
            }
        }
        if (job.size() > 0) {
            jobs.add(job.toByteArray());
        }
    }

    private int answer(int function) {
        int base = function == 1 && drawerPin3High ? 0x12 | 0x04 : 0x12;
        return switch (status) {
            case READY, OFFLINE -> base;
            case PAPER_OUT -> switch (function) {
                case 1 -> base | 0x08;
                case 2 -> base | 0x20;
                default -> base | 0x60;
            };
            case COVER_OPEN -> switch (function) {
                case 1 -> base | 0x08;
                case 2 -> base | 0x04;
                default -> base;
            };
        };
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            acceptor.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
