package dev.outpost.sim.flip;

import com.sun.net.httpserver.HttpServer;
import dev.outpost.display.menu.MenuFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Menu blobs served by hash on loopback HTTP, {@code GET /blobs/sha256/{hex}}, as the appliance serves what menu sync
 * holds: where flips run without an appliance (flip tests, the HIL suite's sim bench), screens fetch from here.
 */
public final class BlobServer implements AutoCloseable {
    private static final String PATH = "/blobs/sha256/";

    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final HttpServer http;

    private BlobServer() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        http.createContext(PATH, exchange -> {
            try (exchange) {
                byte[] body = blobs.get(exchange.getRequestURI().getPath().substring(PATH.length()));
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        http.start();
    }

    /** Listens on a free loopback port. */
    public static BlobServer start() throws IOException {
        return new BlobServer();
    }

    /** Holds {@code bytes} from now on; returns their sha256 (hex), the name they are served under. */
    public String put(byte[] bytes) {
        String sha = MenuFiles.sha256(bytes);
        blobs.put(sha, bytes);
        return sha;
    }

    /** The hashes of every blob held. */
    public Set<String> held() {
        return Set.copyOf(blobs.keySet());
    }

    /** Where screens fetch from ({@code menu.appliance-url}). */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
