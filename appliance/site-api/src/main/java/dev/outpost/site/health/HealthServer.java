package dev.outpost.site.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.outpost.api.json.Json;
import dev.outpost.api.runtime.Health;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/** A device's small HTTP server: {@code GET /healthz}. The JDK's server keeps a gate controller's footprint small. */
public final class HealthServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private HealthServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static HealthServer start(String host, int port, Supplier<Health> health) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> new Thread(r, "health-http"));
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                if (!exchange.getRequestURI().getPath().equals("/healthz")) {
                    send(exchange, 404, Map.of("error", "not found: " + exchange.getRequestURI().getPath()));
                } else if (!exchange.getRequestMethod().equals("GET")) {
                    send(exchange, 405, Map.of("error", "/healthz: only GET is allowed"));
                } else {
                    send(exchange, 200, health.get());
                }
            }
        });
        server.start();
        return new HealthServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = Json.write(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
