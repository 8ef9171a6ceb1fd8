package dev.outpost.display.page;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Answers of the screen pages the agent serves (the menu, the kitchen, the lobby). */
public final class Pages {
    private Pages() {
    }

    /** Answers a GET with {@code body}, never cached; any other method gets 405. Closes the exchange. */
    public static void send(HttpExchange exchange, String type, String body) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            answer(exchange, 200, type, body);
        }
    }

    /** Answers {@code status} with {@code body}, never cached; the caller closes the exchange. */
    public static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
