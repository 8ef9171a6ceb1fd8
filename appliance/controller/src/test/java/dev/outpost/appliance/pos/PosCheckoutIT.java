package dev.outpost.appliance.pos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.config.ConfigFile;
import dev.outpost.api.json.Json;
import dev.outpost.appliance.Appliance;
import dev.outpost.appliance.ApplianceConfig;
import dev.outpost.appliance.Eventually;
import dev.outpost.appliance.pos.catalog.CatalogSink;
import dev.outpost.appliance.pos.payment.SimulatedQrProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store appliance with the POS engine on, over real HTTP: a catalog applied, a cashier logged in, a cash sale, a QR
 * sale that fails then succeeds, a manager's void; the site's outbox file holds exactly the contract events, in order.
 */
@Tag("integration")
class PosCheckoutIT {
    @TempDir
    Path dir;
    Appliance appliance;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        Till.writeStaff(dir.resolve("staff.json"));
        Path accounts = Files.writeString(dir.resolve("devices.accounts"), "");
        appliance = Appliance.create(ApplianceConfig.from(ConfigFile.empty("test")
                .with("site.id", Catalogs.SITE)
                .with("relay.url", "https://127.0.0.1:9")
                .with("http.host", "127.0.0.1").with("http.port", "0")
                .with("broker.host", "127.0.0.1").with("broker.port", "0")
                .with("broker.accounts", accounts.toString())
                .with("data.dir", dir.resolve("appliance").toString())
                .with("pos.enabled", "true")
                .with("pos.staff-file", dir.resolve("staff.json").toString())
                .with("orders.enabled", "true")
                .with("orders.routes", "drinks=bar")), InstantSource.system());
        appliance.start();
    }

    @AfterEach
    void stop() {
        if (appliance != null) {
            appliance.close();
        }
    }

    JsonNode orders() {
        try {
            return ok(200, call("GET", "/v1/orders", null, null)).get("orders");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appliance.httpPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode ok(int status, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        return Json.tree(response.body());
    }

    static String error(HttpResponse<String> response) {
        return Json.tree(response.body()).path("error").asText();
    }

    String sale(String token, String barcode) throws Exception {
        String id = ok(201, call("POST", "/v1/pos/transactions", token, null)).get("transaction_id").asText();
        ok(200, call("POST", "/v1/pos/transactions/" + id + "/items", token, "{\"barcode\": \"" + barcode + "\"}"));
        ok(200, call("POST", "/v1/pos/transactions/" + id + "/finalize", token, null));
        return id;
    }

    @Test
    void aCashierSellsWithCashAndQrAManagerVoidsAndTheOutboxHoldsTheContractEventsInOrder() throws Exception {
        PosEngine pos = appliance.pos().orElseThrow();
        HttpResponse<String> noToken = call("POST", "/v1/pos/transactions", null, null);
        assertEquals(401, noToken.statusCode());
        assertEquals("pos: log in first (POST /v1/pos/login) and send the token as 'Authorization: Bearer <token>'",
                error(noToken));
        String early = ok(201, call("POST", "/v1/pos/login", null, "{\"terminal_id\": \"till-0\", \"employee_id\":"
                + " \"c-2\", \"pin\": \"2222\"}")).get("token").asText();
        HttpResponse<String> noCatalog = call("POST", "/v1/pos/transactions", early, null);
        assertEquals(409, noCatalog.statusCode());
        assertEquals("new sale on till-0: refused, no catalog main is held yet; sales start once the first catalog is"
                + " applied", error(noCatalog));
        ok(200, call("POST", "/v1/pos/logout", early, null));
        assertEquals(CatalogSink.Offered.APPLIED, pos.catalogs().offer(Catalogs.basic(7, Catalogs.T0.minusSeconds(86_400))));

        HttpResponse<String> noPin = call("POST", "/v1/pos/login", null, "{\"terminal_id\": \"till-1\","
                + " \"employee_id\": \"c-1\"}");
        assertEquals(400, noPin.statusCode());
        assertEquals("POST /v1/pos/login: refused, nothing changed: login: missing field 'pin'", error(noPin));
        assertEquals(401, call("POST", "/v1/pos/login", null, "{\"terminal_id\": \"till-1\", \"employee_id\": \"c-1\","
                + " \"pin\": \"0000\"}").statusCode());
        String token = ok(201, call("POST", "/v1/pos/login", null, "{\"terminal_id\": \"till-1\", \"employee_id\":"
                + " \"c-1\", \"pin\": \"1111\"}")).get("token").asText();
        assertEquals("till-1", ok(200, call("GET", "/v1/pos/terminals", null, null)).get("sessions").get(0)
                .get("terminal_id").asText());

        // cash: 2 × cola (199) + 8.25 % = 431
        String cash = ok(201, call("POST", "/v1/pos/transactions", token, null)).get("transaction_id").asText();
        ok(200, call("POST", "/v1/pos/transactions/" + cash + "/items", token, "{\"barcode\": \"5000112637922\"}"));
        JsonNode twice = ok(200, call("POST", "/v1/pos/transactions/" + cash + "/items", token,
                "{\"barcode\": \"5000112637922\"}"));
        assertTrue(twice.get("notice").asText().startsWith("duplicate scan of 5000112637922 on till-1"), twice.toString());
        JsonNode two = ok(200, call("PATCH", "/v1/pos/transactions/" + cash + "/lines/1", token, "{\"quantity\": 2}"));
        assertEquals(2, two.get("lines").get(0).get("quantity").asLong());
        assertEquals(400, call("PATCH", "/v1/pos/transactions/" + cash + "/lines/1", token, "{\"quantity\": 0}")
                .statusCode());
        JsonNode pending = ok(200, call("POST", "/v1/pos/transactions/" + cash + "/finalize", token, null));
        assertEquals(431, pending.get("total_minor").asLong());
        HttpResponse<String> short1 = call("POST", "/v1/pos/transactions/" + cash + "/payments/cash", token,
                "{\"amount_minor\": 400}");
        assertEquals(400, short1.statusCode());
        assertEquals("transaction " + cash + ": amount_minor: 400 does not cover the total 431", error(short1));
        JsonNode paid = ok(200, call("POST", "/v1/pos/transactions/" + cash + "/payments/cash", token,
                "{\"amount_minor\": 500}"));
        assertEquals("PAID", paid.get("state").asText());
        assertEquals(69, paid.get("change_minor").asLong());
        Eventually.until("the paid sale reaches the kitchen", () -> orders().size() == 1);
        JsonNode order = orders();
        assertEquals(List.of(cash, "PREPARING", "bar", "COLA-330", 2L), List.of(order.at("/0/transaction_id").asText(),
                order.at("/0/state").asText(), order.at("/0/lines/0/station").asText(),
                order.at("/0/lines/0/sku").asText(), order.at("/0/lines/0/quantity").asLong()), order.toString());
        HttpResponse<String> again = call("POST", "/v1/pos/transactions/" + cash + "/finalize", token, null);
        assertEquals(409, again.statusCode());
        assertEquals("transaction " + cash + ": is PAID; cannot finalize (only from DRAFT)", error(again));

        // QR: the provider fails the first attempt, the second pays
        ((SimulatedQrProvider) pos.qr()).plan(SimulatedQrProvider.Outcome.FAIL, SimulatedQrProvider.Outcome.SUCCEED);
        String qr = sale(token, "4000000000017");
        ok(200, call("POST", "/v1/pos/transactions/" + qr + "/payments/qr", token, null));
        JsonNode failed = ok(200, call("POST", "/v1/pos/transactions/" + qr + "/payments/qr/poll", token, null));
        assertEquals("PENDING_PAYMENT", failed.get("state").asText());
        ok(200, call("POST", "/v1/pos/transactions/" + qr + "/payments/qr", token, null));
        assertEquals("PAID", ok(200, call("POST", "/v1/pos/transactions/" + qr + "/payments/qr/poll", token, null))
                .get("state").asText());

        // a cashier cannot void; a manager's id and PIN can
        String approval = "{\"manager_id\": \"c-1\", \"manager_pin\": \"1111\", \"reason\": \"wrong item\"}";
        HttpResponse<String> forbidden = call("POST", "/v1/pos/transactions/" + cash + "/void", token, approval);
        assertEquals(403, forbidden.statusCode());
        assertEquals("void of transaction " + cash + ": c-1 is a CASHIER; a MANAGER or ADMIN must approve",
                error(forbidden));
        JsonNode voided = ok(200, call("POST", "/v1/pos/transactions/" + cash + "/void", token,
                approval.replace("c-1", "m-1").replace("1111", "9999")));
        assertEquals("VOID", voided.get("state").asText());
        Eventually.until("the voided sale's order is cancelled", () -> "CANCELLED".equals(orders().at("/0/state")
                .asText()));
        assertEquals("sale voided: wrong item", orders().at("/0/reason").asText());
        JsonNode cancelled = orders().get(0);
        List<String> bar = new ArrayList<>();
        ok(200, call("GET", "/v1/kds/bar", null, null)).get("tickets").forEach(t -> bar.add(t.get("order_id").asText()));
        assertEquals(List.of(orders().get(1).get("id").asText()), bar, "the bar shows the QR sale's ticket, not the"
                + " voided sale's");
        List<Integer> preparing = new ArrayList<>();
        ok(200, call("GET", "/v1/lobby", null, null)).get("preparing").forEach(n -> preparing.add(n.asInt()));
        assertEquals(List.of(orders().get(1).get("number").asInt()), preparing);
        assertTrue(cancelled.get("number").asInt() != preparing.getFirst());

        String day = paid.get("business_day").asText();
        assertEquals(403, call("GET", "/v1/pos/reports/day/" + day, token, null).statusCode());
        String manager = ok(201, call("POST", "/v1/pos/login", null, "{\"terminal_id\": \"till-1\", \"employee_id\":"
                + " \"m-1\", \"pin\": \"9999\"}")).get("token").asText();
        JsonNode report = ok(200, call("GET", "/v1/pos/reports/day/" + day, manager, null));
        assertEquals(List.of(1L, 107L, 1L, 431L), List.of(report.get("sales").asLong(), report.get("sales_minor").asLong(),
                report.get("voids").asLong(), report.get("voids_minor").asLong()));
        // low stock, the inventory snapshot and the cashiers' figures: managers only
        String level = "{\"level\": 0, \"reason\": \"reorder\", \"manager_id\": \"m-1\", \"manager_pin\": \"9999\"}";
        HttpResponse<String> negative = call("PUT", "/v1/pos/inventory/WATER-500/low-level", token,
                level.replace("0,", "-1,"));
        assertEquals(400, negative.statusCode());
        assertEquals("PUT /v1/pos/inventory/WATER-500/low-level: refused, nothing changed: low_stock_level.level:"
                + " must not be negative, was -1", error(negative));
        assertEquals(0, ok(200, call("GET", "/v1/pos/stock/low", token, null)).get("low").size());
        JsonNode set = ok(200, call("PUT", "/v1/pos/inventory/WATER-500/low-level", token, level));
        assertEquals(List.of(-1L, true), List.of(set.get("available").asLong(), set.get("low").asBoolean()),
                "one water sold with none received: low at once");
        assertEquals("WATER-500", ok(200, call("GET", "/v1/pos/stock/low", token, null)).at("/low/0/sku").asText());
        assertEquals(403, call("GET", "/v1/pos/reports/inventory", token, null).statusCode());
        assertEquals(403, call("GET", "/v1/pos/reports/cashiers?from=" + day + "&to=" + day, token, null)
                .statusCode());
        JsonNode stock = ok(200, call("GET", "/v1/pos/reports/inventory", manager, null));
        assertEquals(List.of("COLA-330", 0L, "WATER-500", -1L, 1L), List.of(stock.at("/skus/0/sku").asText(),
                stock.at("/skus/0/on_hand").asLong(), stock.at("/skus/1/sku").asText(),
                stock.at("/skus/1/on_hand").asLong(), stock.get("low_skus").asLong()), stock.toString());
        JsonNode cashiers = ok(200, call("GET", "/v1/pos/reports/cashiers?from=" + day + "&to=" + day, manager, null));
        JsonNode c1 = cashiers.at("/employees/0");
        assertEquals(List.of("c-1", 1L, 107L, 1L, 431L, 1L), List.of(c1.get("employee_id").asText(),
                c1.get("sales").asLong(), c1.get("gross_minor").asLong(), c1.get("voids").asLong(),
                c1.get("voids_minor").asLong(), c1.get("failed_logins").asLong()), cashiers.toString());
        assertEquals("cashier report: from: expected a date YYYY-MM-DD, was ''", error(call("GET",
                "/v1/pos/reports/cashiers?to=" + day, manager, null)));

        assertTrue(ok(200, call("GET", "/v1/pos/transactions/" + qr + "/receipt", token, null)).get("text").asText()
                .contains("TOTAL USD                             1.07"));

        JsonNode status = ok(200, call("GET", "/v1/pos/status", null, null));
        assertEquals(7, status.get("catalog_version").asLong());
        assertEquals(0, status.get("unsent_events").asLong(), "every event is in the outbox");
        assertEquals(false, status.get("offline").asBoolean());

        List<String[]> outbox = outbox();
        assertEquals(List.of("pos.sale.paid", "pos.payment.failed", "pos.sale.paid", "pos.sale.voided"),
                outbox.stream().map(e -> e[0]).toList());
        assertEquals(List.of(cash, qr, qr, cash), outbox.stream().map(e -> Json.tree(e[1]).get("payload")
                .get("transaction_id").asText()).toList());
        JsonNode qrPaid = Json.tree(outbox.get(2)[1]).get("payload");
        assertEquals("qr", qrPaid.get("payments").get(0).get("method").asText());
        assertEquals("simqr", qrPaid.get("payments").get(0).get("provider").asText());
        assertEquals(7, qrPaid.get("catalog_version").asLong());
        assertEquals(List.of(1L, 2L, 3L, 4L), outbox.stream().map(e -> Json.tree(e[1]).get("sequence").asLong()).toList());
    }

    /** The POS engine's events in the site's outbox file, in the order the outbox sends them: type and envelope. */
    List<String[]> outbox() throws Exception {
        List<String[]> out = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("appliance/outbox.db"));
             Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT type, envelope FROM outbox_event WHERE device_id = 'appliance-pos'"
                     + " ORDER BY position")) {
            while (r.next()) {
                out.add(new String[] {r.getString(1), r.getString(2)});
            }
        }
        return out;
    }
}
