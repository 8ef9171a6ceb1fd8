package dev.outpost.display.pos;

import static dev.outpost.api.text.Html.escape;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.outpost.api.json.Json;
import dev.outpost.api.text.Money;
import dev.outpost.display.page.ApplianceHttp.Answer;
import dev.outpost.display.page.Pages;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The cashier's page ({@code GET /}): log in, the open sale as the appliance priced it, add by barcode (typed, or a
 * keyboard-wedge scanner typing and pressing Enter), quantities, cash and QR payments, voids, refunds requested and
 * completed with a manager's PIN, today's sales at this terminal with a reprint of any of their receipts. The page
 * talks only to this agent ({@code POST /pos/...}, answered with what the appliance answered, errors verbatim);
 * {@code GET /pos/fragment} is the status bar, the sale and today's sales, refreshed every few seconds: the cashier,
 * the terminal, OFFLINE while the appliance cannot reach the relay, the last sync, and for a manager the SKUs low on
 * stock.
 */
public final class PosPage {
    private static final int MAX_BODY = 4096;
    private static final long REFRESH_MILLIS = 3000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Till till;
    private final Locale locale;
    private final ZoneId zone;

    /** @param zone where the last sync's time is shown */
    public PosPage(Till till, Locale locale, ZoneId zone) {
        this.till = till;
        this.locale = locale;
        this.zone = zone;
    }

    public Map<String, HttpHandler> handlers() {
        Map<String, HttpHandler> handlers = new LinkedHashMap<>();
        handlers.put("/", exchange -> Pages.send(exchange, "text/html; charset=utf-8", page()));
        handlers.put("/pos/fragment", exchange -> Pages.send(exchange, "text/html; charset=utf-8",
                render(till.view(), till.sale(), till.status(), till.today(), till.lowStock())));
        action(handlers, "login", till::login);
        action(handlers, "logout", body -> till.logout());
        action(handlers, "sale", body -> till.newSale());
        action(handlers, "scan", body -> till.scan(body.path("barcode").asText()));
        action(handlers, "quantity", body -> till.quantity(body.path("line").asInt(), body.path("quantity").asLong()));
        action(handlers, "remove", body -> till.remove(body.path("line").asInt()));
        action(handlers, "cash", body -> till.payCash(body.path("amount_minor").asLong()));
        action(handlers, "qr", body -> till.payQr());
        action(handlers, "qr/poll", body -> till.pollQr());
        for (Till.ManagerAction manager : Till.ManagerAction.values()) {
            action(handlers, manager.path(), body -> till.managerAction(manager, body));
        }
        action(handlers, "reprint", body -> till.reprint(Optional.ofNullable(body.path("transaction_id").textValue())));
        return handlers;
    }

    private void action(Map<String, HttpHandler> handlers, String name, Function<JsonNode, Answer> action) {
        handlers.put("/pos/" + name, exchange -> {
            try (exchange) {
                if (!exchange.getRequestMethod().equals("POST")) {
                    exchange.sendResponseHeaders(405, -1);
                    return;
                }
                Answer answer = answer(exchange, name, action);
                Pages.answer(exchange, answer.status(), "application/json", answer.body());
            }
        });
    }

    private Answer answer(HttpExchange exchange, String name, Function<JsonNode, Answer> action) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            return new Answer(413, Json.writeString(Map.of("error", "pos/" + name + ": at most " + MAX_BODY
                    + " bytes")));
        }
        JsonNode json;
        try {
            json = body.length == 0 ? Json.mapper().createObjectNode() : Json.tree(body);
        } catch (RuntimeException e) {
            return new Answer(400, Json.writeString(Map.of("error", "pos/" + name + ": not JSON: " + e.getMessage())));
        }
        if (!json.isObject()) {
            return new Answer(400, Json.writeString(Map.of("error", "pos/" + name + ": must be a JSON object")));
        }
        return action.apply(json);
    }

    /**
     * The status bar, the problems of the printer and scanner, the SKUs low on stock (a manager's {@code low}), the
     * sale and today's sales (or nothing of these when logged out).
     */
    String render(Till.View view, Answer sale, Answer status, Answer today, Optional<Answer> low) {
        StringBuilder html = new StringBuilder("<div class=\"head\"><div class=\"bar\" data-logged-in=\"")
                .append(view.cashier().isPresent()).append("\"><span>Terminal <b>").append(escape(view.terminal()))
                .append("</b></span><span>Cashier <b>")
                .append(view.cashier().map(c -> escape(c) + " (" + escape(view.role().orElse("")) + ")")
                        .orElse("none"))
                .append("</b></span>");
        JsonNode pos = json(status);
        if (!status.ok()) {
            html.append("<span class=\"badge offline\">APPLIANCE UNREACHABLE</span><span class=\"problem\">")
                    .append(escape(pos.path("error").asText("HTTP " + status.status()))).append("</span>");
        } else {
            if (!pos.path("relay_reachable").asBoolean(false)) {
                html.append("<span class=\"badge offline\" title=\"the store cannot reach HQ; sales go on and are"
                        + " sent later\">OFFLINE</span>");
            } else {
                html.append("<span class=\"badge online\">ONLINE</span>");
            }
            html.append("<span>Last sync <b>").append(pos.hasNonNull("last_delivery")
                    ? escape(TIME.format(Instant.parse(pos.path("last_delivery").asText()).atZone(zone)))
                    : "never").append("</b></span>");
            if (pos.path("offline").asBoolean(false) && !pos.path("offline_overridden").asBoolean(false)) {
                html.append("<span class=\"problem\">Offline too long: new sales need a manager's override</span>");
            }
        }
        html.append("</div>");
        view.printerProblem().ifPresent(p -> html.append("<p class=\"problem\" role=\"alert\">Printer: ")
                .append(escape(p)).append("</p>"));
        view.scanProblem().ifPresent(p -> html.append("<p class=\"problem\" role=\"alert\">Scanner: ")
                .append(escape(p)).append("</p>"));
        low.ifPresent(answer -> html.append(renderLow(answer)));
        html.append("</div>");
        if (view.cashier().isEmpty()) {
            return html.toString();
        }
        html.append(sale.ok() ? renderSale(json(sale))
                : "<p class=\"empty\">No sale open: scan or type a barcode to start one.</p>");
        return html.append(renderToday(today)).toString();
    }

    private static String renderLow(Answer answer) {
        JsonNode low = json(answer);
        if (!answer.ok()) {
            return "<p class=\"problem\">Low stock: " + escape(low.path("error").asText("HTTP " + answer.status()))
                    + "</p>";
        }
        if (low.path("low").isEmpty()) {
            return "";
        }
        StringBuilder html = new StringBuilder("<p class=\"notice low\" role=\"status\">Low stock: ");
        String separator = "";
        for (JsonNode sku : low.path("low")) {
            html.append(separator).append("<b>").append(escape(sku.path("sku").asText())).append("</b> ")
                    .append(sku.path("available").asLong()).append(" available (level ")
                    .append(sku.path("level").asLong()).append(")");
            separator = "; ";
        }
        return html.append("</p>").toString();
    }

    /** Today's sales at this terminal, each with its reprint and, as its state allows, a refund or its completion. */
    private String renderToday(Answer answer) {
        JsonNode today = json(answer);
        StringBuilder html = new StringBuilder("<section class=\"today\"><h2>Today's sales here</h2>");
        if (!answer.ok()) {
            return html.append("<p class=\"problem\">").append(escape(today.path("error").asText("HTTP "
                    + answer.status()))).append("</p></section>").toString();
        }
        if (today.path("sales").isEmpty()) {
            return html.append("<p class=\"empty\">None yet.</p></section>").toString();
        }
        html.append("<table><thead><tr><th>Paid</th><th>Sale</th><th>Cashier</th><th>State</th><th>Total</th>"
                + "<th></th></tr></thead><tbody>");
        for (JsonNode sale : today.path("sales")) {
            String id = escape(sale.path("transaction_id").asText());
            String state = sale.path("state").asText();
            html.append("<tr data-sale=\"").append(id).append("\"><td>")
                    .append(escape(CLOCK.format(Instant.parse(sale.path("paid_at").asText()).atZone(zone))))
                    .append("</td><td>…").append(escape(tail(sale.path("transaction_id").asText())))
                    .append("</td><td>").append(escape(sale.path("cashier_id").asText())).append("</td><td>")
                    .append(escape(state.replace('_', ' '))).append("</td><td class=\"n\">")
                    .append(money(sale.path("total_minor"), sale.path("currency").asText()))
                    .append("</td><td><button data-reprint=\"").append(id).append("\">Reprint</button>");
            if (state.equals("PAID")) {
                html.append(" <button data-refund=\"").append(id).append("\">Refund…</button>");
            } else if (state.equals("REFUND_REQUESTED")) {
                html.append(" <button data-complete=\"").append(id).append("\">Complete refund…</button>");
            }
            html.append("</td></tr>");
        }
        return html.append("</tbody></table></section>").toString();
    }

    /** The end of a transaction id, enough to tell today's sales apart on a receipt. */
    private static String tail(String id) {
        return id.length() <= 8 ? id : id.substring(id.length() - 8);
    }

    private String renderSale(JsonNode sale) {
        String currency = sale.path("currency").asText();
        String state = sale.path("state").asText();
        boolean draft = state.equals("DRAFT");
        StringBuilder html = new StringBuilder("<section class=\"sale\" data-state=\"").append(escape(state))
                .append("\" data-digits=\"")
                .append(Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits()))
                .append("\"><h2>Sale <span class=\"state\">").append(escape(state.replace('_', ' ')))
                .append("</span></h2>");
        if (sale.hasNonNull("notice")) {
            html.append("<p class=\"notice\" role=\"status\">").append(escape(sale.path("notice").asText()))
                    .append("</p>");
        }
        html.append("<table><thead><tr><th>Item</th><th>Qty</th><th>Price</th><th>Discount</th><th>Tax</th>"
                + "<th>Total</th>").append(draft ? "<th></th>" : "").append("</tr></thead><tbody>");
        for (JsonNode line : sale.path("lines")) {
            int no = line.path("line_no").asInt();
            long quantity = line.path("quantity").asLong();
            String name = escape(line.path("name").asText());
            html.append("<tr><td>").append(name);
            if (line.hasNonNull("promotion")) {
                html.append("<div class=\"promo\">").append(escape(line.path("promotion").asText())).append("</div>");
            }
            html.append("</td><td class=\"n\">");
            if (draft) {
                html.append("<button data-line=\"").append(no).append("\" data-qty=\"").append(quantity - 1)
                        .append("\" aria-label=\"one less ").append(name).append("\"").append(quantity <= 1
                                ? " disabled" : "").append(">−</button> ");
            }
            html.append(quantity);
            if (draft) {
                html.append(" <button data-line=\"").append(no).append("\" data-qty=\"").append(quantity + 1)
                        .append("\" aria-label=\"one more ").append(name).append("\">+</button>");
            }
            html.append("</td><td class=\"n\">").append(money(line.path("unit_price_minor"), currency))
                    .append("</td><td class=\"n\">").append(line.path("discount_minor").asLong() == 0 ? ""
                            : "−" + money(line.path("discount_minor"), currency))
                    .append("</td><td class=\"n\">").append(money(line.path("tax_minor"), currency))
                    .append("</td><td class=\"n\">").append(money(line.path("total_minor"), currency)).append("</td>");
            if (draft) {
                html.append("<td><button data-remove=\"").append(no).append("\" aria-label=\"remove ").append(name)
                        .append("\">Remove</button></td>");
            }
            html.append("</tr>");
        }
        html.append("</tbody></table><dl class=\"totals\">");
        total(html, "Subtotal", sale.path("subtotal_minor"), currency);
        if (sale.path("discount_minor").asLong() != 0) {
            total(html, "Discount", sale.path("discount_minor"), currency);
        }
        total(html, "Tax", sale.path("tax_minor"), currency);
        html.append("<dt class=\"total\">Total</dt><dd class=\"total\" data-total=\"")
                .append(sale.path("total_minor").asLong()).append("\">")
                .append(money(sale.path("total_minor"), currency)).append("</dd>");
        for (JsonNode payment : sale.path("payments")) {
            String method = payment.path("method").asText();
            String paymentState = payment.path("state").asText();
            if (method.equals("cash")) {
                total(html, "Cash tendered", payment.path("tendered_minor"), currency);
            } else {
                html.append("<dt>QR (").append(escape(payment.path("provider").asText())).append(")</dt><dd>")
                        .append(escape(paymentState.equals("PENDING") ? "waiting for the customer to pay…"
                                : paymentState.toLowerCase(Locale.ROOT).replace('_', ' '))).append("</dd>");
                if (paymentState.equals("PENDING") && payment.hasNonNull("qr_payload")) {
                    html.append("<dt>Code</dt><dd class=\"qr\" data-qr-pending=\"true\">")
                            .append(escape(payment.path("qr_payload").asText())).append("</dd>");
                }
            }
        }
        if (state.equals("PAID")) {
            html.append("<dt class=\"change\">Change</dt><dd class=\"change\">")
                    .append(money(sale.path("change_minor"), currency)).append("</dd>");
        }
        return html.append("</dl></section>").toString();
    }

    private void total(StringBuilder html, String label, JsonNode minor, String currency) {
        html.append("<dt>").append(label).append("</dt><dd>").append(money(minor, currency)).append("</dd>");
    }

    private String money(JsonNode minor, String currency) {
        return escape(Money.display(minor.asLong(), currency, locale));
    }

    private static JsonNode json(Answer answer) {
        try {
            return Json.tree(answer.body());
        } catch (RuntimeException e) {
            return Json.mapper().createObjectNode().put("error", "HTTP " + answer.status() + ": " + answer.body());
        }
    }

    private String page() {
        return """
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Till</title><style>
                body{font-family:sans-serif;margin:0;background:#f4f4f4;color:#111}
                .bar{display:flex;gap:1.5em;align-items:center;background:#223;color:#fff;padding:.5em 1em}
                .badge{padding:.1em .6em;border-radius:.3em;font-weight:bold}.offline{background:#c00}
                .online{background:#282}.problem{color:#b00;font-weight:bold}.bar .problem{color:#fcc}
                main{display:flex;gap:1em;padding:1em}#left{flex:2}#right{flex:1;display:flex;flex-direction:column;
                gap:.6em}table{width:100%;border-collapse:collapse;background:#fff}td,th{padding:.3em;border-bottom:1px
                solid #ddd}.n{text-align:right}.promo{color:#070;font-size:.85em}dl.totals{display:grid;
                grid-template-columns:auto auto;font-size:1.2em}dd{text-align:right;margin:0}.total{font-weight:bold;
                font-size:1.3em}.change{font-weight:bold;color:#070}#said{min-height:1.4em;color:#b00;font-weight:bold}
                button,input{font-size:1.1em;padding:.4em}.notice{color:#750}[hidden]{display:none}
                </style></head><body><div id="status"></div>
                <form id="login" aria-label="Log in"><h1>Log in</h1><label>Employee id <input id="employee"
                autocomplete="off" required></label> <label>PIN <input id="pin" type="password" inputmode="numeric"
                autocomplete="off" required></label> <button>Log in</button></form>
                <main id="till" hidden><div id="left"><form id="scan" aria-label="Add item"><label>Barcode <input
                id="barcode" autocomplete="off" autofocus></label> <button>Add</button></form><div id="sale"></div>
                </div>
                <div id="right"><p id="said" role="alert" aria-live="assertive"></p><form id="cash"><label>Cash
                tendered <input id="tendered" inputmode="decimal" autocomplete="off"></label>
                <button>Pay cash</button></form><button id="qr">Pay by QR</button>
                <button id="new">New sale</button><button id="reprint">Reprint last receipt</button>
                <button id="void">Void…</button><button id="refund">Refund last sale…</button>
                <button id="logout">Log out / shift change</button></div></main>
                <dialog id="manager"><form method="dialog" id="approve"><h2 id="manager-title">Manager approval</h2>
                <label>Manager id <input id="manager-id" autocomplete="off" required></label><br><label>Manager PIN
                <input id="manager-pin" type="password" autocomplete="off" required></label><br><label
                id="reason-label">Reason <input id="reason" required></label><br><button value="ok">Approve</button> <button value="cancel"
                formnovalidate>Cancel</button></form></dialog>
                <script>
                var $=function(id){return document.getElementById(id)},digits=2,polling=null,managerAction=null,
                 managerSale=null;
                function say(t){$('said').textContent=t}
                function show(){return fetch('/pos/fragment').then(function(r){return r.text()}).then(function(h){
                 var box=document.createElement('div');box.innerHTML=h;var head=box.querySelector('.head');
                 var bar=box.querySelector('.bar'),inside=bar&&bar.dataset.loggedIn==='true';
                 $('status').innerHTML=head?head.innerHTML:'';if(head){head.remove()}$('sale').innerHTML=box.innerHTML;
                 var sale=box.querySelector('.sale');if(sale){digits=+sale.dataset.digits}
                 $('login').hidden=inside;$('till').hidden=!inside;
                 var pending=document.querySelector('[data-qr-pending]');
                 if(pending&&!polling){polling=setInterval(function(){send('qr/poll',{})},2000)}
                 if(!pending&&polling){clearInterval(polling);polling=null}})}
                function send(path,body){return fetch('/pos/'+path,{method:'POST',headers:{'Content-Type':
                 'application/json'},body:JSON.stringify(body)}).then(function(r){return r.json().then(function(j){
                 say(r.ok?'':(j.error||('refused: '+r.status)));return show().then(function(){return r.ok})})})
                 .catch(function(e){say('this terminal did not answer: '+e)})}
                function minor(text){var t=text.trim().replace(',','.');if(!/^\\d+(\\.\\d*)?$/.test(t)){return null}
                 var p=t.split('.');var f=(p[1]||'').padEnd(digits,'0');if(f.length>digits){return null}
                 return parseInt(p[0]+f,10)}
                $('login').addEventListener('submit',function(e){e.preventDefault();send('login',{employee_id:
                 $('employee').value,pin:$('pin').value}).then(function(){$('pin').value='';$('barcode').focus()})});
                $('scan').addEventListener('submit',function(e){e.preventDefault();var code=$('barcode').value.trim();
                 $('barcode').value='';if(code){send('scan',{barcode:code})}$('barcode').focus()});
                $('cash').addEventListener('submit',function(e){e.preventDefault();var m=minor($('tendered').value);
                 if(m===null){say('Cash tendered: type an amount like 20 or 20.00');return}
                 send('cash',{amount_minor:m}).then(function(ok){if(ok){$('tendered').value=''}})});
                $('qr').addEventListener('click',function(){send('qr',{})});
                $('new').addEventListener('click',function(){send('sale',{})});
                $('reprint').addEventListener('click',function(){send('reprint',{})});
                $('logout').addEventListener('click',function(){send('logout',{})});
                function ask(action,title,sale){managerAction=action;managerSale=sale||null;
                 $('manager-title').textContent=title;var why=action!=='refund/complete';$('reason').required=why;
                 $('reason-label').hidden=!why;$('manager').showModal()}
                $('void').addEventListener('click',function(){ask('void','Void the sale: manager approval')});
                $('refund').addEventListener('click',function(){ask('refund',
                 'Refund the last sale: manager approval')});
                $('manager').addEventListener('close',function(){if($('manager').returnValue==='ok'){var b={manager_id:
                 $('manager-id').value,manager_pin:$('manager-pin').value};if(managerAction!=='refund/complete'){
                 b.reason=$('reason').value}if(managerSale){b.transaction_id=managerSale}send(managerAction,b)}
                 $('manager-pin').value=''});
                $('sale').addEventListener('click',function(e){var b=e.target.closest('button');if(!b){return}
                 if(b.dataset.reprint){send('reprint',{transaction_id:b.dataset.reprint})}
                 else if(b.dataset.refund){ask('refund','Refund this sale: manager approval',b.dataset.refund)}
                 else if(b.dataset.complete){ask('refund/complete','Money given back? Complete the refund: manager'
                  +' approval',b.dataset.complete)}
                 else if(b.dataset.remove){send('remove',{line:+b.dataset.remove})}
                 else if(b.dataset.line){send('quantity',{line:+b.dataset.line,quantity:+b.dataset.qty})}});
                show();setInterval(show,""" + REFRESH_MILLIS + """
                );</script></body></html>""";
    }
}
