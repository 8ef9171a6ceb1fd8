package dev.outpost.sim.pos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.catalog.CatalogJson;
import dev.outpost.api.config.ConfigFile;
import dev.outpost.api.json.Json;
import dev.outpost.api.password.PasswordHash;
import dev.outpost.appliance.Appliance;
import dev.outpost.appliance.ApplianceConfig;
import dev.outpost.appliance.pos.catalog.CatalogSink;
import dev.outpost.display.DisplayAgent;
import dev.outpost.display.DisplayConfig;
import dev.outpost.display.pos.Peripherals;
import dev.outpost.hal.drawer.SimCashDrawer;
import dev.outpost.hal.printer.PrinterStatus;
import dev.outpost.hal.printer.SimReceiptPrinter;
import dev.outpost.hal.scanner.SimBarcodeScanner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A POS terminal end to end: a real appliance with the POS engine on (its SQLite, its LAN HTTP; no relay, so the
 * terminal shows OFFLINE) and a display agent in role {@code pos} in process with a simulated printer, scanner and
 * drawer, over real HTTP. The cashier logs in through the terminal's page, adds items typed and from the scanner,
 * pays cash; the receipt comes out of the printer and the drawer opens. With the printer out of paper the next sale is
 * still paid and the page says why nothing printed; with paper back, the reprint prints it. Any of today's sales is
 * reprinted from the list; a manager logged in sees the SKUs low on stock and refunds a sale of the list, request and
 * completion, from the page.
 */
@Tag("integration")
class PosTerminalIT {
    static final String SITE = "store-1";
    static final String CATALOG = """
            {"catalog": "main", "version": 1, "kind": "snapshot", "effective_at": "2026-11-20T00:00:00Z",
             "currency": "USD",
             "tax_rates": [{"id": "food", "name": "Food", "basis_points": 825, "included": false},
                           {"id": "vat", "name": "VAT", "basis_points": 2000, "included": true}],
             "categories": [{"id": "drinks", "name": "Drinks"}, {"id": "snacks", "name": "Snacks"}],
             "skus": [{"sku": "COLA-330", "name": "Cola 330 ml", "category": "drinks", "tax_rate": "food",
                       "price_minor": 199, "barcodes": ["5000112637922"]},
                      {"sku": "WATER-500", "name": "Water 500 ml", "category": "drinks", "tax_rate": "food",
                       "price_minor": 99, "barcodes": ["4000000000017"]},
                      {"sku": "CHIPS", "name": "Chips <salted>", "category": "snacks", "tax_rate": "vat",
                       "price_minor": 250, "barcodes": ["4000000000024"]}],
             "store_prices": [], "price_changes": [], "promotions": []}""";

    @TempDir
    Path dir;
    final HttpClient http = HttpClient.newHttpClient();
    final Instant now = Instant.parse("2026-11-21T12:00:00Z");
    Appliance appliance;
    DisplayAgent till;

    @AfterEach
    void stop() {
        if (till != null) {
            till.close();
        }
        if (appliance != null) {
            appliance.close();
        }
    }

    @Test
    void aCashierSellsThroughTheTerminalPageTheReceiptPrintsTheDrawerOpensAndAPrinterOutOfPaperUndoesNothing()
            throws Exception {
        Files.writeString(dir.resolve("staff.json"), """
                {"employees": [{"employee_id": "c-1", "name": "Cary", "role": "CASHIER", "pin_hash": "%s"},
                               {"employee_id": "m-1", "name": "Mona", "role": "MANAGER", "pin_hash": "%s"}]}"""
                .formatted(PasswordHash.hash("1111".toCharArray(), 1_000), PasswordHash.hash("9999".toCharArray(),
                        1_000)));
        Path accounts = Files.writeString(dir.resolve("devices.accounts"), "till-1 device "
                + PasswordHash.hash("till-1-pw".toCharArray(), 1_000) + "\n");
        appliance = Appliance.create(ApplianceConfig.from(ConfigFile.empty("test")
                .with("site.id", SITE)
                .with("relay.url", "https://127.0.0.1:9") // no relay: the store sells offline
                .with("http.host", "127.0.0.1").with("http.port", "0")
                .with("broker.host", "127.0.0.1").with("broker.port", "0")
                .with("broker.accounts", accounts.toString())
                .with("data.dir", dir.resolve("appliance").toString())
                .with("pos.enabled", "true")
                .with("pos.staff-file", dir.resolve("staff.json").toString())), () -> now);
        appliance.start();
        assertEquals(CatalogSink.Offered.APPLIED, appliance.pos().orElseThrow().catalogs()
                .offer(CatalogJson.read(CATALOG)));
        till = DisplayAgent.create(DisplayConfig.from(ConfigFile.empty("test").with("site.id", SITE)
                .with("device.id", "till-1").with("broker.url", "tcp://127.0.0.1:" + appliance.brokerPort())
                .with("broker.password", "till-1-pw").with("http.host", "127.0.0.1").with("http.port", "0")
                .with("data.dir", dir.resolve("till-1").toString()).with("display.role", "pos")
                .with("menu.appliance-url", "http://127.0.0.1:" + appliance.httpPort())
                .with("pos.printer", "sim").with("pos.scanner", "sim").with("pos.drawer", "sim")), () -> now);
        till.start();
        Peripherals peripherals = till.peripherals();
        SimReceiptPrinter printer = (SimReceiptPrinter) peripherals.printer().orElseThrow();
        SimCashDrawer drawer = (SimCashDrawer) peripherals.drawer().orElseThrow();
        SimBarcodeScanner scanner = (SimBarcodeScanner) peripherals.scanner().orElseThrow();

        assertTrue(get("/").contains("<label>Barcode <input"), "the cashier's page");
        String loggedOut = get("/pos/fragment");
        assertTrue(loggedOut.contains("Cashier <b>none</b>") && loggedOut.contains(">OFFLINE</span>")
                && loggedOut.contains("Last sync <b>"), loggedOut);

        JsonNode wrongPin = post("/pos/login", "{\"employee_id\": \"c-1\", \"pin\": \"0000\"}", 401);
        assertTrue(wrongPin.path("error").asText().contains("c-1"), "the appliance's refusal, verbatim: " + wrongPin);
        post("/pos/login", "{\"employee_id\": \"c-1\", \"pin\": \"1111\"}", 201);
        assertTrue(get("/pos/fragment").contains("Cashier <b>c-1 (CASHIER)</b>"), get("/pos/fragment"));

        JsonNode typed = post("/pos/scan", "{\"barcode\": \"5000112637922\"}", 200);
        assertEquals("DRAFT", typed.path("state").asText());
        String saleId = typed.path("transaction_id").asText();
        scanner.scan("4000000000024");
        scanner.scan("999");
        String sale = get("/pos/fragment");
        assertTrue(sale.contains("Cola 330 ml") && sale.contains("Chips &lt;salted&gt;"), "typed and scanned: " + sale);
        assertTrue(sale.contains("Scanner: scan 999: "), "an unknown code from the scanner is said: " + sale);
        JsonNode lines = appliance("/v1/pos/transactions/" + saleId).path("lines");
        assertEquals(2, lines.size(), "the scanner's codes went to the open sale: " + lines);

        // cola 199 + 8.25 % tax (16) + chips 250 (VAT included) = 465
        JsonNode tooLittle = post("/pos/cash", "{\"amount_minor\": 400}", 400);
        assertTrue(tooLittle.path("error").asText().contains("400 does not cover the total 465"), tooLittle.toString());
        assertTrue(printer.jobs().isEmpty() && drawer.openings() == 0, "nothing printed or opened for a refusal");
        JsonNode paid = post("/pos/cash", "{\"amount_minor\": 1000}", 200);
        assertEquals("PAID", paid.path("state").asText());
        assertEquals(535, paid.path("change_minor").asLong());
        assertTrue(get("/pos/fragment").contains("<dd class=\"change\">$5.35</dd>"), get("/pos/fragment"));
        assertEquals(1, drawer.openings(), "the drawer opens for cash");
        assertEquals(1, printer.jobs().size());
        String receipt = new String(printer.jobs().get(0), Charset.forName("IBM437"));
        assertTrue(receipt.startsWith("\u001b@") && receipt.contains("Cola 330 ml") && receipt.contains("4.65"),
                receipt);

        printer.setStatus(PrinterStatus.PAPER_OUT);
        post("/pos/scan", "{\"barcode\": \"4000000000017\"}", 200);
        JsonNode second = post("/pos/cash", "{\"amount_minor\": 107}", 200);
        assertEquals("PAID", second.path("state").asText(), "a printer out of paper does not stop the sale");
        String secondId = second.path("transaction_id").asText();
        String shown = get("/pos/fragment");
        assertTrue(shown.contains("Printer: printer till-1-printer: not ready (PAPER_OUT)"), shown);
        assertEquals("PAID", appliance("/v1/pos/transactions/" + secondId).path("state").asText());
        assertEquals(1, printer.jobs().size());
        assertEquals(2, drawer.openings());

        printer.setStatus(PrinterStatus.READY);
        post("/pos/reprint", "", 200);
        assertEquals(2, printer.jobs().size());
        String reprint = new String(printer.jobs().get(1), Charset.forName("IBM437"));
        assertTrue(reprint.contains("*** REPRINT ***") && reprint.contains("Water 500 ml"), reprint);
        assertFalse(get("/pos/fragment").contains("Printer:"), "the problem is gone once a receipt printed");

        // any of today's sales is reprinted from the list, not only the last; a sale not paid here today is not
        String listed = get("/pos/fragment");
        assertTrue(listed.indexOf("data-reprint=\"" + secondId + "\"") < listed.indexOf("data-reprint=\"" + saleId
                + "\""), "today's sales, newest first: " + listed);
        post("/pos/reprint", "{\"transaction_id\": \"" + saleId + "\"}", 200);
        String first = new String(printer.jobs().get(2), Charset.forName("IBM437"));
        assertTrue(first.contains("*** REPRINT ***") && first.contains("Chips <salted>"), first);
        JsonNode elsewhere = post("/pos/reprint", "{\"transaction_id\": \"t-unknown\"}", 409);
        assertEquals("terminal till-1: sale t-unknown was not paid here today; a receipt is reprinted on the day of its"
                + " sale, at its terminal", elsewhere.path("error").asText());

        // a manager at the terminal: the SKUs low on stock, and a refund of a sale of the list, requested and completed
        appliance.pos().orElseThrow().inventory().setLowLevel("COLA-330", 5, "m-1", "reorder at a case");
        assertFalse(get("/pos/fragment").contains("Low stock"), "a cashier is not shown it");
        post("/pos/logout", "", 200);
        post("/pos/login", "{\"employee_id\": \"m-1\", \"pin\": \"9999\"}", 201);
        String manager = get("/pos/fragment");
        assertTrue(manager.contains("Low stock: <b>COLA-330</b> -1 available (level 5)"), manager);
        assertTrue(manager.contains("data-refund=\"" + saleId + "\""), "a paid sale of today can be refunded: " + manager);
        JsonNode noPin = post("/pos/refund/complete", "{\"manager_id\": \"m-1\"}", 409);
        assertEquals("terminal till-1: no refund requested here since login to complete; pick the sale in today's list",
                noPin.path("error").asText());
        JsonNode requested = post("/pos/refund", "{\"manager_id\": \"m-1\", \"manager_pin\": \"9999\","
                + " \"reason\": \"stale chips\", \"transaction_id\": \"" + saleId + "\"}", 200);
        assertEquals("REFUND_REQUESTED", requested.path("state").asText());
        assertTrue(get("/pos/fragment").contains("data-complete=\"" + saleId + "\""), get("/pos/fragment"));
        JsonNode missingPin = post("/pos/refund/complete", "{\"manager_id\": \"m-1\"}", 400);
        assertTrue(missingPin.path("error").asText().endsWith("missing field 'manager_pin'"), missingPin.toString());
        JsonNode refunded = post("/pos/refund/complete", "{\"manager_id\": \"m-1\", \"manager_pin\": \"9999\"}",
                200);
        assertEquals(List.of(saleId, "REFUNDED"), List.of(refunded.path("transaction_id").asText(),
                refunded.path("state").asText()));
        assertEquals("REFUNDED", appliance("/v1/pos/transactions/" + saleId).path("state").asText());

        post("/pos/logout", "", 200);
        assertTrue(get("/pos/fragment").contains("Cashier <b>none</b>"));
        post("/pos/scan", "{\"barcode\": \"4000000000017\"}", 401);
    }

    private String get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + till.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private JsonNode post(String path, String body, int status) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + till.httpPort() + path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(status, response.statusCode(), "POST " + path + ": " + response.body());
        return Json.tree(response.body());
    }

    private JsonNode appliance(String path) throws Exception {
        String token = Json.tree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appliance.httpPort()
                        + "/v1/pos/login")).POST(HttpRequest.BodyPublishers.ofString(
                        "{\"terminal_id\": \"back-office\", \"employee_id\": \"c-1\", \"pin\": \"1111\"}")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("token").asText();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + appliance.httpPort() + path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return Json.tree(response.body());
    }
}
