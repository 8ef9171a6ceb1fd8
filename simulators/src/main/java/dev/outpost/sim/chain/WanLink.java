package dev.outpost.sim.chain;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.tinylog.Logger;

/**
 * The WAN between sites and the relay: a TCP relay on loopback that the chain's owner can cut and heal. Cut, it drops
 * every open connection and accepts new ones without passing a byte, as a link that black-holes traffic does, so a
 * site learns the WAN is gone from its own timeouts rather than a quick refusal. Healed, it closes the connections it
 * held and passes new ones through again. Bytes pass unchanged (TLS ends at the relay, not here).
 */
public final class WanLink implements AutoCloseable {
    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Set<Socket> passing = ConcurrentHashMap.newKeySet();
    private final Set<Socket> held = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;
    private volatile boolean closed;

    private WanLink(InetSocketAddress target, ServerSocket server) {
        this.target = target;
        this.server = server;
        Thread.ofVirtual().name("wan-accept-" + server.getLocalPort()).start(this::accept);
    }

    /** Listens on a free loopback port and passes connections to {@code target}. */
    public static WanLink to(InetSocketAddress target) throws IOException {
        return new WanLink(target, new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Drops what passes now and holds what comes next, until {@link #heal()}. */
    public void cut() {
        cut = true;
        closeAll(passing);
        Logger.debug("wan to {}: cut", target);
    }

    public void heal() {
        cut = false;
        closeAll(held);
        Logger.debug("wan to {}: healed", target);
    }

    public boolean isCut() {
        return cut;
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            Logger.debug("wan to {}: {}", target, e.getMessage());
        }
        closeAll(passing);
        closeAll(held);
    }

    private void accept() {
        while (!closed) {
            Socket site;
            try {
                site = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    Logger.warn("wan to {}: accept failed: {}", target, e.getMessage());
                }
                return;
            }
            if (cut) {
                held.add(site);
                continue;
            }
            Thread.ofVirtual().start(() -> pass(site));
        }
    }

    private void pass(Socket site) {
        Socket relay = new Socket();
        passing.add(site);
        passing.add(relay);
        try {
            relay.connect(target, 5_000);
            if (cut) { // cut while connecting: cut() may have run before these sockets were listed
                closeBoth(site, relay);
                return;
            }
            Thread.ofVirtual().start(() -> pump(relay, site));
            pump(site, relay);
        } catch (IOException e) {
            closeBoth(site, relay);
        }
    }

    /** Copies one direction until either side ends, then closes both. */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed or was dropped by a cut
        } finally {
            closeBoth(from, to);
        }
    }

    private void closeBoth(Socket a, Socket b) {
        close(a);
        close(b);
    }

    private void closeAll(Set<Socket> sockets) {
        for (Socket s : sockets) {
            close(s);
        }
    }

    private void close(Socket socket) {
        passing.remove(socket);
        held.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
