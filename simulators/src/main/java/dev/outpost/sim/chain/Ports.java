package dev.outpost.sim.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/** Hands out loopback ports: a preferred one when it is free, any free one otherwise; never the same one twice. */
public final class Ports {
    private final Set<Integer> given = new HashSet<>();
    private final boolean preferFixed;

    /** @param preferFixed try the preferred ports first (the demo, so URLs stay the same); tests pass false */
    public Ports(boolean preferFixed) {
        this.preferFixed = preferFixed;
    }

    public synchronized int next(int preferred) {
        if (preferFixed && !given.contains(preferred) && free(preferred)) {
            given.add(preferred);
            return preferred;
        }
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = socket.getLocalPort();
                if (given.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("ports: cannot find a free loopback port", e);
            }
        }
        throw new IllegalStateException("ports: no free loopback port after 50 tries");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
