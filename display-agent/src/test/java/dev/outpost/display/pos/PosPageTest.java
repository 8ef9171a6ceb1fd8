package dev.outpost.display.pos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.config.ConfigException;
import dev.outpost.api.config.ConfigFile;
import dev.outpost.display.DisplayConfig;
import dev.outpost.display.page.ApplianceHttp;
import dev.outpost.display.page.ApplianceHttp.Answer;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PosPageTest {
    static final String DEVICE = "site.id = store-1\ndevice.id = till-1\nbroker.url = tcp://127.0.0.1:1883\n"
            + "broker.password = pw\n";
    static final Till.View CARY = new Till.View("till-1", Optional.of("c-1"), Optional.of("CASHIER"),
            Optional.of("t-1"), Optional.empty(), Optional.empty(), Optional.empty());
    static final Answer ONLINE = new Answer(200, """
            {"relay_reachable": true, "last_delivery": "2026-11-21T11:59:30Z", "offline": false,
             "offline_overridden": false}""");
    static final Answer DRAFT = new Answer(200, """
            {"transaction_id": "t-1", "state": "DRAFT", "currency": "USD", "notice": null,
             "lines": [{"line_no": 1, "sku": "COLA", "name": "Cola <330>", "quantity": 2, "unit_price_minor": 199,
                        "discount_minor": 40, "tax_minor": 30, "total_minor": 388, "promotion": "10% off drinks"},
                       {"line_no": 2, "sku": "CHIPS", "name": "Chips", "quantity": 1, "unit_price_minor": 250,
                        "discount_minor": 0, "tax_minor": 42, "total_minor": 250, "promotion": null}],
             "subtotal_minor": 648, "discount_minor": 40, "tax_minor": 72, "total_minor": 638, "payments": [],
             "change_minor": 0}""");

    static final Answer NONE_TODAY = new Answer(200, "{\"sales\": []}");

    final PosPage page = new PosPage(new Till("till-1", new ApplianceHttp("till-1", URI.create("http://127.0.0.1:9"),
            Duration.ofSeconds(1)), new Peripherals(Optional.empty(), Optional.empty(), Optional.empty())),
            Locale.forLanguageTag("en-US"), ZoneId.of("Europe/Madrid"));

    @Test
    void theSaleShowsTheAppliancesPricesInTheCurrencyWithPromotionsTaxAndEscapedNames() {
        String html = page.render(CARY, DRAFT, ONLINE, NONE_TODAY, Optional.empty());
        assertTrue(html.contains("<td>Cola &lt;330&gt;<div class=\"promo\">10% off drinks</div></td>"), html);
        assertTrue(html.contains("<td class=\"n\">$1.99</td><td class=\"n\">−$0.40</td><td class=\"n\">$0.30</td>"
                + "<td class=\"n\">$3.88</td>"), html);
        assertTrue(html.contains("<dd class=\"total\" data-total=\"638\">$6.38</dd>"), html);
        assertTrue(html.contains("<dt>Discount</dt><dd>$0.40</dd><dt>Tax</dt><dd>$0.72</dd>"), html);
        assertTrue(html.contains("data-line=\"1\" data-qty=\"1\"") && html.contains("data-line=\"1\" data-qty=\"3\""),
                "a draft's quantities change by one: " + html);
        assertTrue(html.contains("data-line=\"2\" data-qty=\"0\" aria-label=\"one less Chips\" disabled"),
                "one unit cannot go to none (remove the line instead): " + html);
        assertFalse(html.contains("Change"), "no change before it is paid");
    }

    @Test
    void aPaidSaleShowsTheCashTenderedAndTheChangeAndCanNoLongerBeEdited() {
        Answer paid = new Answer(200, DRAFT.body().replace("\"DRAFT\"", "\"PAID\"")
                .replace("\"payments\": []", "\"payments\": [{\"attempt\": 1, \"method\": \"cash\", \"provider\":"
                        + " \"cash\", \"amount_minor\": 638, \"tendered_minor\": 1000, \"reference\": null,"
                        + " \"qr_payload\": null, \"state\": \"SUCCEEDED\"}]")
                .replace("\"change_minor\": 0", "\"change_minor\": 362"));
        String html = page.render(CARY, paid, ONLINE, NONE_TODAY, Optional.empty());
        assertTrue(html.contains("<dt>Cash tendered</dt><dd>$10.00</dd>"), html);
        assertTrue(html.contains("<dd class=\"change\">$3.62</dd>"), html);
        assertFalse(html.contains("data-line") || html.contains("data-remove"), html);
    }

    @Test
    void aPendingQrPaymentShowsItsCodeSoThePagePollsIt() {
        Answer pending = new Answer(200, DRAFT.body().replace("\"DRAFT\"", "\"PENDING_PAYMENT\"")
                .replace("\"payments\": []", "\"payments\": [{\"attempt\": 1, \"method\": \"qr\", \"provider\":"
                        + " \"simqr\", \"amount_minor\": 638, \"tendered_minor\": 0, \"reference\": \"r-1\","
                        + " \"qr_payload\": \"simqr://pay/r-1\", \"state\": \"PENDING\"}]"));
        String html = page.render(CARY, pending, ONLINE, NONE_TODAY, Optional.empty());
        assertTrue(html.contains("<dt>QR (simqr)</dt><dd>waiting for the customer to pay…</dd>"), html);
        assertTrue(html.contains("data-qr-pending=\"true\">simqr://pay/r-1</dd>"), html);
    }

    @Test
    void theStatusBarSaysOfflineAndTheLastSyncInTheTerminalsZone() {
        String online = page.render(CARY, DRAFT, ONLINE, NONE_TODAY, Optional.empty());
        assertTrue(online.contains(">ONLINE</span><span>Last sync <b>2026-11-21 12:59:30</b>"), online);
        String offline = page.render(CARY, DRAFT, new Answer(200, """
                {"relay_reachable": false, "last_delivery": null, "offline": true, "offline_overridden": false}"""),
                NONE_TODAY, Optional.empty());
        assertTrue(offline.contains(">OFFLINE</span><span>Last sync <b>never</b>"), offline);
        assertTrue(offline.contains("new sales need a manager's override"), offline);
        String unreachable = page.render(CARY, DRAFT, new Answer(502, "{\"error\": \"display till-1: the appliance"
                + " did not answer GET http://127.0.0.1:9/v1/pos/status (refused)\"}"), NONE_TODAY, Optional.empty());
        assertTrue(unreachable.contains("APPLIANCE UNREACHABLE</span><span class=\"problem\">display till-1: the"
                + " appliance did not answer"), unreachable);
    }

    @Test
    void printerAndScannerProblemsAreShownAndNoSaleBeforeLogin() {
        Till.View problems = new Till.View("till-1", Optional.of("c-1"), Optional.of("CASHIER"), Optional.empty(),
                Optional.empty(), Optional.of("printer p: not ready (PAPER_OUT)"), Optional.of("scan 9: unknown"));
        String html = page.render(problems, new Answer(404, "{\"error\": \"no sale\"}"), ONLINE, NONE_TODAY,
                Optional.empty());
        assertTrue(html.contains("<p class=\"problem\" role=\"alert\">Printer: printer p: not ready (PAPER_OUT)</p>"),
                html);
        assertTrue(html.contains("Scanner: scan 9: unknown") && html.contains("No sale open"), html);
        Till.View nobody = new Till.View("till-1", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
        String loggedOut = page.render(nobody, DRAFT, ONLINE, NONE_TODAY, Optional.empty());
        assertTrue(loggedOut.contains("data-logged-in=\"false\"") && loggedOut.contains("Cashier <b>none</b>")
                && !loggedOut.contains("Cola"), loggedOut);
    }

    @Test
    void thePeripheralKeysAreCheckedAndOnlyForThePosRole() {
        PosSettings tcp = DisplayConfig.from(ConfigFile.parse("test", DEVICE + "display.role = pos\n"
                + "pos.printer = tcp:192.168.1.50:9100\npos.scanner = serial:/dev/ttyACM0\npos.drawer = sim\n")).pos();
        assertEquals(new PosSettings(PosSettings.Printer.TCP, Optional.of("192.168.1.50"), 9100,
                PosSettings.Scanner.SERIAL, Optional.of("/dev/ttyACM0"), PosSettings.Drawer.SIM), tcp);
        assertEquals(PosSettings.none(), DisplayConfig.from(ConfigFile.parse("test", DEVICE + "display.role = pos\n"))
                .pos());
        ConfigException bad = assertThrows(ConfigException.class, () -> DisplayConfig.from(ConfigFile.parse("test",
                DEVICE + "display.role = pos\npos.printer = tcp:printer:0\npos.scanner = usb\npos.drawer = kick\n")));
        assertTrue(bad.getMessage().contains("pos.printer must be none, sim or tcp:HOST:PORT (port 1-65535, e.g."
                + " tcp:192.168.1.50:9100), was 'tcp:printer:0'"), bad.getMessage());
        assertTrue(bad.getMessage().contains("pos.scanner must be wedge, sim or serial:DEVICE"), bad.getMessage());
        assertTrue(bad.getMessage().contains("pos.drawer must be none, sim, printer:high or printer:low, was 'kick'"),
                bad.getMessage());
        assertEquals(PosSettings.Drawer.PRINTER_LOW, DisplayConfig.from(ConfigFile.parse("test", DEVICE
                + "display.role = pos\npos.printer = tcp:192.168.1.50:9100\npos.drawer = printer:low\n")).pos().drawer());
        ConfigException noPrinter = assertThrows(ConfigException.class, () -> DisplayConfig.from(ConfigFile.parse("test",
                DEVICE + "display.role = pos\npos.printer = sim\npos.drawer = printer:high\n")));
        assertTrue(noPrinter.getMessage().contains("pos.drawer = printer:high is a drawer on the receipt printer's"
                + " kick-out connector, so it needs pos.printer = tcp:HOST:PORT, was 'sim'"), noPrinter.getMessage());
        ConfigException board = assertThrows(ConfigException.class, () -> DisplayConfig.from(ConfigFile.parse("test",
                DEVICE + "pos.printer = sim\n")));
        assertTrue(board.getMessage().contains("pos.printer, pos.scanner and pos.drawer are only for display.role ="
                + " pos, were 'sim', 'wedge', 'none' with display.role = board"), board.getMessage());
    }

    @Test
    void todaysSalesAreListedToReprintRefundOrCompleteARefundAndAManagerSeesLowStock() {
        Answer today = new Answer(200, """
                {"sales": [{"transaction_id": "0190aaaa-0000-7000-8000-00000000beef", "state": "REFUND_REQUESTED",
                            "cashier_id": "c-1", "paid_at": "2026-11-21T11:05:00Z", "currency": "USD",
                            "total_minor": 215},
                           {"transaction_id": "0190aaaa-0000-7000-8000-00000000cafe", "state": "PAID",
                            "cashier_id": "c-<2>", "paid_at": "2026-11-21T10:00:00Z", "currency": "USD",
                            "total_minor": 107},
                           {"transaction_id": "0190aaaa-0000-7000-8000-00000000dead", "state": "VOID",
                            "cashier_id": "c-1", "paid_at": "2026-11-21T09:00:00Z", "currency": "USD",
                            "total_minor": 99}]}""");
        Answer low = new Answer(200, """
                {"low": [{"sku": "COLA-330", "on_hand": 5, "reserved": 1, "available": 4, "level": 5,
                          "alerted_at": "2026-11-21T10:00:00Z"}]}""");
        Till.View mona = new Till.View("till-1", Optional.of("m-1"), Optional.of("MANAGER"), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
        String html = page.render(mona, new Answer(404, "{\"error\": \"no sale\"}"), ONLINE, today, Optional.of(low));
        assertTrue(html.contains("<tr data-sale=\"0190aaaa-0000-7000-8000-00000000beef\"><td>12:05:00</td><td>…0000beef</td>"
                + "<td>c-1</td><td>REFUND REQUESTED</td><td class=\"n\">$2.15</td><td><button data-reprint="
                + "\"0190aaaa-0000-7000-8000-00000000beef\">Reprint</button> <button data-complete="
                + "\"0190aaaa-0000-7000-8000-00000000beef\">Complete refund…</button>"), html);
        assertTrue(html.contains("<td>c-&lt;2&gt;</td><td>PAID</td><td class=\"n\">$1.07</td><td><button data-reprint="
                + "\"0190aaaa-0000-7000-8000-00000000cafe\">Reprint</button> <button data-refund="
                + "\"0190aaaa-0000-7000-8000-00000000cafe\">Refund…</button>"), html);
        assertTrue(html.contains("<td>VOID</td><td class=\"n\">$0.99</td><td><button data-reprint="
                + "\"0190aaaa-0000-7000-8000-00000000dead\">Reprint</button></td>"), "a void is only reprinted: " + html);
        assertTrue(html.contains("Low stock: <b>COLA-330</b> 4 available (level 5)</p>"), html);
        assertTrue(html.indexOf("Low stock") < html.indexOf("No sale open"), "in the status head: " + html);

        String cashier = page.render(CARY, DRAFT, ONLINE, NONE_TODAY, Optional.empty());
        assertTrue(cashier.contains("Today's sales here</h2><p class=\"empty\">None yet.</p>")
                && !cashier.contains("Low stock"), cashier);
    }
}
