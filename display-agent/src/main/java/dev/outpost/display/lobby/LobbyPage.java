package dev.outpost.display.lobby;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.outpost.display.page.Pages;
import dev.outpost.site.message.LobbyBoard;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The lobby board: {@code GET /} two columns, the order numbers being prepared and those ready for pick-up, which the
 * page refreshes from {@code GET /lobby/fragment} every second. Numbers only: nothing a guest typed is shown.
 */
public final class LobbyPage {
    private static final long REFRESH_MILLIS = 1000;
    private final Supplier<Optional<LobbyBoard>> board;

    public LobbyPage(Supplier<Optional<LobbyBoard>> board) {
        this.board = board;
    }

    public Map<String, HttpHandler> handlers() {
        return Map.of("/", this::page,
                "/lobby/fragment", exchange -> Pages.send(exchange, "text/html; charset=utf-8", render(board.get())));
    }

    private void page(HttpExchange exchange) throws IOException {
        String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Orders</title><style>"
                + "body{font-family:sans-serif;margin:0;background:#111;color:#eee}.lobby{display:flex;min-height:100vh}"
                + ".column{flex:1;padding:1em 2em}.column h2{font-size:2.4em;border-bottom:2px solid #555}"
                + ".ready{background:#0d2a0d}.numbers{display:flex;flex-wrap:wrap;gap:.5em 1em;font-size:3.5em;"
                + "font-weight:bold;list-style:none;padding:0}.ready .numbers{color:#7f7}</style></head>"
                + "<body><main id=\"lobby\">" + render(board.get()) + "</main><script>"
                + "setInterval(function(){fetch('/lobby/fragment').then(function(r){return r.text()}).then(function(h){"
                + "document.getElementById('lobby').innerHTML=h})}," + REFRESH_MILLIS + ");</script></body></html>";
        Pages.send(exchange, "text/html; charset=utf-8", html);
    }

    /** The two columns; before the appliance has published a board, both empty with a note saying so. */
    String render(Optional<LobbyBoard> heard) {
        StringBuilder html = new StringBuilder("<div class=\"lobby\">");
        column(html, "preparing", "Preparing", heard.map(LobbyBoard::preparing).orElse(List.of()));
        column(html, "ready", "Ready", heard.map(LobbyBoard::ready).orElse(List.of()));
        html.append("</div>");
        if (heard.isEmpty()) {
            html.append("<p>Waiting for the appliance: no orders heard yet.</p>");
        }
        return html.toString();
    }

    private static void column(StringBuilder html, String kind, String title, List<Integer> numbers) {
        html.append("<section class=\"column ").append(kind).append("\" aria-labelledby=\"h-").append(kind)
                .append("\"><h2 id=\"h-").append(kind).append("\">").append(title).append("</h2><ul class=\"numbers\"")
                .append(" data-column=\"").append(kind).append("\">");
        for (int number : numbers) {
            html.append("<li>").append(number).append("</li>");
        }
        html.append("</ul></section>");
    }
}
