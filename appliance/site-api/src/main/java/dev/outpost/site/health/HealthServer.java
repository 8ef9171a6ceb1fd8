package dev.outpost.site.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.outpost.api.json.Json;
import dev.outpost.api.runtime.Health;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A device's small HTTP server: {@code GET /healthz} and the device's own read-only JSON routes. The JDK's server keeps
 * a gate controller's footprint small.
 */
public final class HealthServer implements AutoCloseable {
    /** Threads of a server with pages: event streams hold one each. */
    public static final int THREADS = 8;
    private final HttpServer server;
    private final ExecutorService executor;

    private HealthServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Serves {@code health} on {@code /healthz} and each of {@code routes} (path, e.g. {@code /status}, to body): GET
     * only, JSON of what the supplier returns; a supplier that throws is answered 503 with its message (the process is
     * up but cannot say that now).
     */
    public static HealthServer start(String host, int port, Supplier<Health> health, Map<String, Supplier<?>> routes)
            throws IOException {
        return start(host, port, health, routes, Map.of());
    }

    /**
     * As {@link #start(String, int, Supplier, Map)}, plus {@code pages}: paths answered by their own handler (an HTML
     * page, a server-sent event stream), which must close the exchange when done. A stream holds one of the server's
     * {@value #THREADS} threads while it is open.
     */
    public static HealthServer start(String host, int port, Supplier<Health> health, Map<String, Supplier<?>> routes,
                                     Map<String, HttpHandler> pages) throws IOException {
        for (String path : routes.keySet()) {
            if (!path.matches("/[a-z0-9/-]+") || path.equals("/healthz")) {
                throw new IllegalArgumentException("http route '" + path
                        + "' must be a path such as /status, not /healthz");
            }
        }
        Map<String, Supplier<?>> all = new HashMap<>(routes);
        all.put("/healthz", health);
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
        ExecutorService executor = Executors.newFixedThreadPool(pages.isEmpty() ? 2 : THREADS, r -> {
            Thread t = new Thread(r, "health-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            HttpHandler page = pages.get(exchange.getRequestURI().getPath());
            if (page != null) {
                page.handle(exchange);
                return;
            }
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                Supplier<?> route = all.get(path);
                if (route == null) {
                    send(exchange, 404, Map.of("error", "not found: " + path));
                } else if (!exchange.getRequestMethod().equals("GET")) {
                    send(exchange, 405, Map.of("error", path + ": only GET is allowed"));
                } else {
                    answer(exchange, path, route);
                }
            }
        });
        server.start();
        return new HealthServer(server, executor);
    }

    private static void answer(HttpExchange exchange, String path, Supplier<?> route) throws IOException {
        Object body;
        try {
            body = route.get();
        } catch (RuntimeException e) {
            send(exchange, 503, Map.of("error", path + ": " + e.getMessage()));
            return;
        }
        send(exchange, 200, body);
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
