package dev.outpost.display.page;

import static dev.outpost.api.text.Html.escape;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.outpost.api.json.Json;
import dev.outpost.display.menu.ShownMenu;
import dev.outpost.display.tier.Screen;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The screen itself, for a kiosk browser on the device: {@code GET /} is the menu on screen as plain server-rendered
 * HTML (styles and the few lines of script inline: nothing is fetched from elsewhere) under the banner of its tier,
 * if any ({@link Screen}); {@code GET /menu/events} is a server-sent event stream that says {@code menu} on every
 * swap and every change of tier, on which the page fetches {@code GET /menu/fragment} and replaces its menu in
 * place — no reload, so no blank frame at a flip.
 */
public final class MenuPage {
    /** Event streams open at once; more are refused with 503 so they cannot take every HTTP thread. */
    static final int MAX_STREAMS = 4;
    private static final long KEEPALIVE_SECONDS = 15;
    private static final long REFRESH_SECONDS = 60;

    private final String device;
    private final String locale;
    private final Supplier<Screen> screen;
    private final Set<BlockingQueue<String>> streams = ConcurrentHashMap.newKeySet();

    public MenuPage(String device, String locale, Supplier<Screen> screen) {
        this.device = device;
        this.locale = locale;
        this.screen = screen;
    }

    public Map<String, HttpHandler> handlers() {
        return Map.of("/", this::page, "/menu/fragment", this::fragment, "/menu/events", this::events);
    }

    /** Tells every open page that what it shows changed: a swap, or the tier. */
    public void changed() {
        String token = screen.get().token();
        for (BlockingQueue<String> stream : streams) {
            stream.offer(token);
        }
    }

    private void page(HttpExchange exchange) throws IOException {
        String html = "<!doctype html><html lang=\"" + escape(locale) + "\"><head><meta charset=\"utf-8\">"
                + "<title>Menu</title><style>body{font-family:sans-serif;margin:2em;background:#111;color:#eee}"
                + "h2{border-bottom:1px solid #555}.item{display:flex;justify-content:space-between;font-size:1.6em;"
                + "padding:.2em 0}.failsafe{color:#fb0}footer{color:#777;font-size:.8em;margin-top:2em}"
                + ".banner{font-size:1.3em;padding:.6em .8em;margin-bottom:1em;border:3px dashed #fb0;background:#332600}"
                + ".banner strong{margin-right:.4em}</style></head>"
                + "<body><main id=\"menu\">" + render(screen.get()) + "</main><script>"
                + "function show(){fetch('/menu/fragment').then(function(r){return r.text()}).then(function(h){"
                + "document.getElementById('menu').innerHTML=h})}"
                + "new EventSource('/menu/events').addEventListener('menu',show);"
                // once a minute as well: a banner's "5 h ago" stays true, and a screen the appliance cannot reach
                // still turns to its fail-safe menu when its own judgement says so
                + "setInterval(show," + REFRESH_SECONDS * 1000 + ");</script></body></html>";
        Pages.send(exchange, "text/html; charset=utf-8", html);
    }

    private void fragment(HttpExchange exchange) throws IOException {
        Pages.send(exchange, "text/html; charset=utf-8", render(screen.get()));
    }

    private void events(HttpExchange exchange) throws IOException {
        BlockingQueue<String> queue = new ArrayBlockingQueue<>(16);
        if (streams.size() >= MAX_STREAMS) {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
            return;
        }
        streams.add(queue);
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            write(out, "event: menu\ndata: " + screen.get().token() + "\n\n");
            while (true) {
                String token = queue.poll(KEEPALIVE_SECONDS, TimeUnit.SECONDS);
                write(out, token == null ? ": keepalive\n\n" : "event: menu\ndata: " + token + "\n\n");
            }
        } catch (IOException e) {
            // the browser went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            streams.remove(queue);
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /**
     * The screen as HTML: its tier's banner (a live region read out by assistive technology, labelled in words), then
     * the menu: categories in their order, items with name and price in this screen's locale.
     */
    String render(Screen screen) {
        ShownMenu menu = screen.menu();
        StringBuilder html = new StringBuilder();
        html.append("<div data-version=\"").append(escape(menu.versionId())).append("\" data-tier=\"")
                .append(screen.tier()).append("\"").append(menu.failSafe() ? " class=\"failsafe\"" : "").append(">");
        screen.banner().ifPresent(b -> html.append("<div class=\"banner banner-").append(b.kind())
                .append("\" role=\"status\" aria-live=\"polite\"><strong>").append(escape(b.label()))
                .append("</strong> ").append(escape(b.text())).append("</div>"));
        try {
            JsonNode doc = Json.mapper().readTree(menu.bytes());
            JsonNode categories = doc.path("categories");
            List<String> order = new ArrayList<>();
            categories.fieldNames().forEachRemaining(order::add);
            order.sort((a, b) -> Integer.compare(categories.path(a).path("sort").asInt(), categories.path(b).path("sort").asInt()));
            order.add(null); // items without a known category last
            for (String category : order) {
                StringBuilder items = new StringBuilder();
                for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("items").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> item = it.next();
                    String of = item.getValue().path("category").asText(null);
                    boolean here = category == null ? of == null || !categories.has(of) : category.equals(of);
                    if (here) {
                        JsonNode price = item.getValue().path("price");
                        items.append("<div class=\"item\"><span>").append(escape(name(item.getValue(), item.getKey())))
                                .append("</span><span>").append(escape(price(price))).append("</span></div>");
                    }
                }
                if (!items.isEmpty()) {
                    if (category != null) {
                        html.append("<h2>").append(escape(name(categories.path(category), category))).append("</h2>");
                    }
                    html.append(items);
                }
            }
        } catch (IOException | RuntimeException e) {
            html.append("<p>").append(escape("menu " + menu.versionId() + " cannot be shown: " + e.getMessage())).append("</p>");
        }
        html.append("<footer>").append(escape(device)).append(" · ").append(escape(menu.versionId())).append("</footer></div>");
        return html.toString();
    }

    private String name(JsonNode node, String fallback) {
        JsonNode names = node.path("names");
        if (names.has(locale)) {
            return names.get(locale).asText();
        }
        return names.isObject() && names.size() > 0 ? names.elements().next().asText() : fallback;
    }

    private static String price(JsonNode price) {
        if (!price.has("amount_minor")) {
            return price.isNumber() ? price.asText() : "";
        }
        long minor = price.get("amount_minor").asLong();
        return String.format("%d.%02d %s", minor / 100, Math.abs(minor % 100), price.path("currency").asText(""));
    }
}
