package dev.outpost.display.kds;

import static dev.outpost.api.text.Html.escape;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.outpost.display.page.ApplianceHttp;
import dev.outpost.display.page.Pages;
import dev.outpost.site.message.KitchenStation;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A kitchen station's screen: {@code GET /} the page (styles and script inline), which refreshes
 * {@code GET /kds/fragment} every second — the station's open tickets, oldest first, each with its timer coloured by
 * the appliance's thresholds and said in words (on time, warning, late), a Bump button per ticket, a Recall button for
 * the last ticket bumped, and the all-day counts. {@code POST /kds/bump} and {@code POST /kds/recall} go to the
 * appliance ({@link StationCommands}) and answer what it answered.
 */
public final class KdsPage {
    /** A ticket's timer against the station's thresholds. */
    public enum Timer {
        ON_TIME("on time"), WARNING("warning"), LATE("late");

        final String words;

        Timer(String words) {
            this.words = words;
        }

        public static Timer of(KitchenStation station, KitchenStation.Ticket ticket, Instant now) {
            long open = Duration.between(ticket.startedAt(), now).toSeconds();
            return open >= station.lateAfterSeconds() ? LATE : open >= station.warnAfterSeconds() ? WARNING : ON_TIME;
        }
    }

    private static final int MAX_BODY = 4096;
    private static final long REFRESH_MILLIS = 1000;

    private final String device;
    private final String station;
    private final Supplier<Optional<KitchenStation>> state;
    private final InstantSource siteClock;
    private final StationCommands commands;

    /** @param siteClock the site's time: ticket timers run from the appliance's instants */
    public KdsPage(String device, String station, Supplier<Optional<KitchenStation>> state, InstantSource siteClock,
                   StationCommands commands) {
        this.device = device;
        this.station = station;
        this.state = state;
        this.siteClock = siteClock;
        this.commands = commands;
    }

    public Map<String, HttpHandler> handlers() {
        return Map.of("/", this::page, "/kds/fragment",
                exchange -> Pages.send(exchange, "text/html; charset=utf-8", render(state.get(), siteClock.instant())),
                "/kds/bump", exchange -> command(exchange, true), "/kds/recall", exchange -> command(exchange, false));
    }

    private void page(HttpExchange exchange) throws IOException {
        String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Kitchen: "
                + escape(station) + "</title><style>body{font-family:sans-serif;margin:1em;background:#111;color:#eee}"
                + ".board{display:flex;gap:1em}.tickets{display:flex;flex-wrap:wrap;gap:.8em;flex:1;align-content:flex-start}"
                + ".ticket{width:15em;border:4px solid #4a4;background:#1b1b1b;padding:.5em}"
                + ".ticket.warning{border-color:#fb0}.ticket.late{border-color:#f33;background:#300}"
                + ".ticket header{display:flex;justify-content:space-between;font-size:1.4em;font-weight:bold}"
                + ".ticket ul{padding-left:1em;font-size:1.2em}.note{color:#fb0;font-style:italic}"
                + "button{font-size:1.2em;padding:.4em 1em;width:100%}aside{width:14em}"
                + "#said{min-height:1.5em;color:#f88}table{width:100%}td.q{text-align:right;font-weight:bold}</style>"
                + "</head><body><h1>Kitchen: " + escape(station) + "</h1><div id=\"said\" role=\"status\""
                + " aria-live=\"polite\"></div><main id=\"kds\">" + render(state.get(), siteClock.instant())
                + "</main><script>"
                + "function show(){fetch('/kds/fragment').then(function(r){return r.text()}).then(function(h){"
                + "document.getElementById('kds').innerHTML=h})}"
                + "function send(path,body){fetch(path,{method:'POST',headers:{'Content-Type':'application/json'},"
                + "body:body}).then(function(r){return r.json().then(function(j){"
                + "document.getElementById('said').textContent=r.ok?'':(j.error||('refused: '+r.status));show()})})"
                + ".catch(function(e){document.getElementById('said').textContent='screen unreachable: '+e})}"
                + "document.addEventListener('click',function(e){var b=e.target.closest('button');if(!b){return}"
                + "if(b.dataset.bump){send('/kds/bump',JSON.stringify({order_id:b.dataset.bump}))}"
                + "else if(b.dataset.recall!==undefined){send('/kds/recall','')}});"
                + "setInterval(show," + REFRESH_MILLIS + ");</script></body></html>";
        Pages.send(exchange, "text/html; charset=utf-8", html);
    }

    private void command(HttpExchange exchange, boolean bump) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            ApplianceHttp.Answer answer = body.length > MAX_BODY
                    ? new ApplianceHttp.Answer(413, "{\"error\":\"display " + device + ": a bump is at most " + MAX_BODY
                    + " bytes\"}")
                    : bump ? commands.bump(body) : commands.recall();
            Pages.answer(exchange, answer.status(), "application/json", answer.body());
        }
    }

    /** The station as HTML at site time {@code now}: tickets with timers and buttons, the recall, all-day counts. */
    String render(Optional<KitchenStation> heard, Instant now) {
        if (heard.isEmpty()) {
            return "<p>Station " + escape(station) + ": waiting for the appliance (no tickets heard yet).</p>";
        }
        KitchenStation kds = heard.get();
        StringBuilder html = new StringBuilder("<div class=\"board\"><section class=\"tickets\" aria-label=\"Tickets\">");
        if (kds.tickets().isEmpty()) {
            html.append("<p>No open tickets.</p>");
        }
        for (KitchenStation.Ticket ticket : kds.tickets()) {
            Timer timer = Timer.of(kds, ticket, now);
            long seconds = Math.max(0, Duration.between(ticket.startedAt(), now).toSeconds());
            html.append("<article class=\"ticket ").append(timer.name().toLowerCase(Locale.ROOT))
                    .append("\" data-order=\"").append(ticket.orderId()).append("\" data-timer=\"").append(timer)
                    .append("\"><header><span>#").append(ticket.number()).append("</span><span>")
                    .append(String.format("%d:%02d", seconds / 60, seconds % 60)).append(' ').append(timer.words)
                    .append("</span></header><ul>");
            for (KitchenStation.Line line : ticket.lines()) {
                html.append("<li><b>").append(line.quantity()).append("×</b> ").append(escape(line.name()));
                if (!line.note().isEmpty()) {
                    html.append("<div class=\"note\">").append(escape(line.note())).append("</div>");
                }
                html.append("</li>");
            }
            html.append("</ul><button data-bump=\"").append(ticket.orderId()).append("\">Bump #")
                    .append(ticket.number()).append("</button></article>");
        }
        html.append("</section><aside><div class=\"recall\">");
        if (kds.recall().isEmpty()) {
            html.append("<button disabled>Nothing to recall</button>");
        } else {
            html.append("<button data-recall=\"").append(kds.recall().get(0).orderId()).append("\">Recall #")
                    .append(kds.recall().get(0).number()).append("</button>");
        }
        html.append("</div><h2>All day</h2><table>");
        for (KitchenStation.AllDay count : kds.allDay()) {
            html.append("<tr><td>").append(escape(count.name())).append("</td><td class=\"q\">").append(count.quantity())
                    .append("</td></tr>");
        }
        html.append("</table></aside></div>");
        return html.toString();
    }
}
