package dev.outpost.relay.channel;

import static dev.outpost.relay.testing.MenuLayers.FRANCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.json.Json;
import dev.outpost.relay.staff.Role;
import dev.outpost.relay.testing.Eventually;
import dev.outpost.relay.testing.MenuLayers;
import dev.outpost.relay.testing.RelayHarness;
import dev.outpost.relay.testing.StaffClient;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Channel publishing on a real relay and store: a publish sends each item to each channel formatted for it, once; the
 * website content store is versioned files the relay serves from its store; rules and an item's own list choose
 * channels, and an item leaving a channel is removed from it; a failed send waits out its backoff and the relay's
 * retry timer sends it again under the same key, with nothing else published.
 * A run asked for over HTTP queues behind the run a publish started, so when it answers, that one is done.
 */
@Tag("integration")
class ChannelPublishIT {
    static final String WEB = """
            {"kind": "website", "variant": "main", "site": "store-fr-1", "locale": "fr-FR", "price_unit": "display",
             "description_cap": 40, "fields": ["name", "price", "category"], "categories": {"burgers": "Nos burgers"},
             "template": "{name} — {price}", "reason": "the website"}""";

    @TempDir
    Path dir;
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-19T06:00:00Z"));
    final InstantSource clock = () -> now.get();
    RelayHarness relay;
    StaffClient admin;
    StaffClient publisher;

    @BeforeEach
    void start() throws Exception {
        relay = RelayHarness.start(dir, Map.of(), clock);
        admin = StaffClient.admin(relay);
        publisher = StaffClient.as(relay, "pat", Role.PUBLISHER);
        MenuLayers.frenchStoreWithMain(admin, publisher);
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    @Test
    void aPublishSendsEachItemFormattedForTheChannelAndOnlyWhatChangedAfterwards() throws Exception {
        ok(200, publisher.send("PUT", "/v1/channels/web", WEB));
        ok(201, publisher.send("POST", "/v1/variants/main/publish", "{\"reason\":\"launch\"}"));
        JsonNode report = run();
        assertEquals(0, report.at("/channels/0/sent").intValue(), "the publish's own run sent everything: " + report);
        assertEquals(1, report.at("/channels/0/version").intValue());

        JsonNode site = ok(200, relay.sendPlain("GET", "/channels/web/menu.json", null));
        assertEquals(1, site.get("version").intValue());
        JsonNode burger = site.at("/items/big-burger");
        assertEquals("Grand Burger", burger.get("name").textValue());
        assertEquals("9,49\u00a0€", burger.get("price").textValue(), "display price in the channel's locale");
        assertEquals("Nos burgers", burger.get("category").textValue(), "the channel's name for the category");
        assertEquals("Grand Burger — 9,49\u00a0€", burger.get("text").textValue());
        assertFalse(burger.has("description"), "not a field this channel takes");
        HttpResponse<String> page = relay.sendPlain("GET", "/channels/web/index.html", null);
        assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"), page.headers().toString());
        assertTrue(page.body().contains("<h2>Nos burgers</h2>\n<ul>\n<li id=\"fries\">Frites — 2,99\u00a0€</li>\n"
                + "<li id=\"big-burger\">Grand Burger — 9,49\u00a0€</li>"), page.body());
        assertFalse(page.body().contains("qr.png"), "a QR code is the QR page's");
        Instant firstSent = now.get();

        now.set(now.get().plus(Duration.ofMinutes(5)));
        ok(200, publisher.send("PUT", "/v1/variants/main/layers/country:FR", FRANCE.replace("949", "999")));
        ok(201, publisher.send("POST", "/v1/variants/main/publish", "{\"reason\":\"new price\"}"));
        assertEquals(0, run().at("/channels/0/sent").intValue());
        JsonNode second = ok(200, relay.sendPlain("GET", "/channels/web/menu.json", null));
        assertEquals(2, second.get("version").intValue());
        assertEquals("9,99\u00a0€", second.at("/items/big-burger/price").textValue());
        assertEquals("9,49\u00a0€", ok(200, relay.sendPlain("GET", "/channels/web/v1.json", null))
                .at("/items/big-burger/price").textValue(), "earlier versions stay as they were");
        assertTrue(relay.sendPlain("GET", "/channels/web/v1.html", null).body().contains("9,49\u00a0€"));
        assertTrue(relay.sendPlain("GET", "/channels/web/index.html", null).body().contains("9,99\u00a0€"));
        JsonNode deliveries = ok(200, publisher.get("/v1/channels/web/deliveries")).get("deliveries");
        assertEquals("big-burger", deliveries.get(0).get("item").textValue());
        assertEquals(2, deliveries.get(0).get("version").intValue());
        assertEquals(Instant.parse(deliveries.get(1).get("updated_at").textValue()), firstSent,
                "fries did not change, so were not sent again: " + deliveries);
        assertTrue(deliveries.get(1).get("in_step").booleanValue());

        now.set(now.get().plus(Duration.ofMinutes(5)));
        ok(201, publisher.send("POST", "/v1/variants/main/publish", "{\"reason\":\"same again\"}"));
        assertEquals(0, run().at("/channels/0/sent").intValue());
        assertEquals(2, ok(200, relay.sendPlain("GET", "/channels/web/menu.json", null)).get("version").intValue(),
                "an unchanged menu writes no new version");
        assertEquals(404, relay.sendPlain("GET", "/channels/web/v3.json", null).statusCode());
        assertEquals(404, relay.sendPlain("GET", "/channels/web/..%2Frelay.db", null).statusCode());
    }

    @Test
    void anIntegerPriceReadBackFromTheStoreIsNotTakenForAChangeAndResent() throws Exception {
        ok(200, publisher.send("PUT", "/v1/channels/web", WEB.replace("\"display\"", "\"minor\"")));
        ok(201, publisher.send("POST", "/v1/variants/main/publish", "{\"reason\":\"launch\"}"));
        assertEquals(0, run().at("/channels/0/sent").intValue());
        assertEquals(949, ok(200, relay.sendPlain("GET", "/channels/web/menu.json", null)).at("/items/big-burger/price")
                .intValue());
        JsonNode again = run();
        assertEquals(0, again.at("/channels/0/sent").intValue(), "949 formatted equals 949 read back: " + again);
    }

    @Test
    void rulesAndAnItemsOwnListChooseChannelsAndAnItemLeavingOneIsRemoved() throws Exception {
        ok(200, publisher.send("PUT", "/v1/channels/web", WEB));
        ok(200, publisher.send("PUT", "/v1/channels/web-en", WEB.replace("fr-FR", "en-GB")));
        ok(201, publisher.send("POST", "/v1/variants/main/publish", "{\"reason\":\"launch\"}"));
        run();
        assertEquals(2, ok(200, relay.sendPlain("GET", "/channels/web-en/menu.json", null)).get("items").size());
        assertEquals("Big Burger — €9.49", ok(200, relay.sendPlain("GET", "/channels/web-en/menu.json", null))
                .at("/items/big-burger/text").textValue());

        ok(200, publisher.send("PUT", "/v1/channel-rules/burgers", "{\"channels\": [\"web\"], \"reason\": \"fr only\"}"));
        JsonNode report = run();
        assertEquals(2, report.at("/channels/1/sent").intValue(), "both items leave web-en: " + report);
        JsonNode english = ok(200, relay.sendPlain("GET", "/channels/web-en/menu.json", null));
        assertEquals(0, english.get("items").size(), english.toString());
        JsonNode gone = ok(200, publisher.get("/v1/channels/web-en/deliveries")).at("/deliveries/0");
        assertTrue(gone.get("in_step").booleanValue());
        assertTrue(gone.get("accepted_value").isNull(), "accepted removal: " + gone);

        ok(200, publisher.send("PUT", "/v1/variants/main/layers/country:FR", FRANCE.replace(
                "\"fries\": {\"names\": {\"fr-FR\": \"Frites\"}}",
                "\"fries\": {\"names\": {\"fr-FR\": \"Frites\"}, \"channels\": [\"web-en\"]}")));
        ok(201, publisher.send("POST", "/v1/variants/main/publish", "{\"reason\":\"fries everywhere\"}"));
        run();
        JsonNode items = ok(200, relay.sendPlain("GET", "/channels/web-en/menu.json", null)).get("items");
        assertEquals(1, items.size(), "the item's own list wins over the rule: " + items);
        assertTrue(items.has("fries"), items.toString());
        assertFalse(ok(200, relay.sendPlain("GET", "/channels/web/menu.json", null)).at("/items").has("fries"));
        assertEquals(1, ok(200, admin.get("/v1/audit?action=channel.rule.saved")).get("records").size());
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndChangesNothing() throws Exception {
        HttpResponse<String> typo = publisher.send("PUT", "/v1/channels/web", WEB.replace("{name} —", "{nom} —"));
        assertEquals(400, typo.statusCode(), typo.body());
        assertTrue(typo.body().contains("unknown placeholder {nom} at index 0"), typo.body());
        HttpResponse<String> site = publisher.send("PUT", "/v1/channels/web", WEB.replace("store-fr-1", "store-xx"));
        assertEquals(422, site.statusCode(), site.body());
        assertTrue(site.body().contains("channel web: site 'store-xx' is not in the store directory"), site.body());
        HttpResponse<String> endpoint = publisher.send("PUT", "/v1/channels/web", WEB.replace("\"reason\"",
                "\"endpoint\": \"http://x\", \"reason\""));
        assertEquals(400, endpoint.statusCode());
        assertTrue(endpoint.body().contains("endpoint is for order-platform channels only"), endpoint.body());
        assertEquals(0, ok(200, publisher.get("/v1/channels")).get("channels").size());
        HttpResponse<String> rule = publisher.send("PUT", "/v1/channel-rules/burgers",
                "{\"channels\": [\"nope\"], \"reason\": \"x\"}");
        assertEquals(422, rule.statusCode());
        assertTrue(rule.body().contains("channel rule burgers: no channel nope"), rule.body());

        ok(200, publisher.send("PUT", "/v1/channels/web", WEB));
        HttpResponse<String> template = publisher.send("PUT", "/v1/channels/web/template",
                "{\"template\": \"{name} {calories}\", \"reason\": \"more\"}");
        assertEquals(400, template.statusCode());
        assertTrue(template.body().contains("unknown placeholder {calories}"), template.body());
        ok(200, publisher.send("PUT", "/v1/channels/web/template", "{\"template\": \"{name}: {price}\", \"reason\": \"colon\"}"));
        assertEquals("{name}: {price}", ok(200, publisher.get("/v1/channels")).at("/channels/0/template").textValue());
        assertEquals(2, ok(200, admin.get("/v1/audit?action=channel.saved")).get("records").size());
        assertEquals(403, StaffClient.as(relay, "vic", Role.VIEWER).send("PUT", "/v1/channels/web", WEB).statusCode());
    }

    @Test
    void aFailedSendWaitsOutItsBackoffAndTheRetryTimerRetriesItUnderTheSameKey() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort(); // nothing listens here once closed
        }
        ok(200, publisher.send("PUT", "/v1/channels/eats", """
                {"kind": "order-platform", "variant": "main", "site": "store-fr-1", "locale": "fr-FR",
                 "price_unit": "minor", "description_cap": 100, "fields": ["name", "price"], "template": "{name}",
                 "endpoint": "http://127.0.0.1:%d/menu", "timeout_ms": 1000, "reason": "delivery app"}"""
                .formatted(closed)));
        ok(201, publisher.send("POST", "/v1/variants/main/publish", "{\"reason\":\"launch\"}"));
        run();
        JsonNode outOfStep = ok(200, publisher.get("/v1/channels/out-of-step")).get("deliveries");
        assertEquals(2, outOfStep.size(), outOfStep.toString());
        JsonNode burger = outOfStep.get(0);
        assertEquals("FAILED", burger.get("state").textValue());
        assertTrue(burger.get("reason").textValue().startsWith("POST http://127.0.0.1:" + closed + "/menu: "),
                burger.toString());
        assertEquals(1, burger.get("attempts").intValue());
        assertEquals(now.get().plusSeconds(30), Instant.parse(burger.get("next_attempt_at").textValue()));
        assertNull(burger.get("accepted_value").textValue());

        JsonNode early = run();
        assertEquals(0, early.at("/channels/0/sent").intValue(), early.toString());
        assertEquals(2, early.at("/channels/0/waiting").intValue());

        now.set(now.get().plusSeconds(30)); // no publish, no run asked for: the relay's retry timer sends them
        Eventually.until("both items retried", () -> {
            JsonNode d = ok(200, publisher.get("/v1/channels/out-of-step")).get("deliveries");
            return d.size() == 2 && d.get(0).get("attempts").intValue() == 2 && d.get(1).get("attempts").intValue() == 2;
        });
        JsonNode again = ok(200, publisher.get("/v1/channels/out-of-step")).at("/deliveries/0");
        assertEquals("FAILED", again.get("state").textValue());
        assertEquals(burger.get("key").textValue(), again.get("key").textValue(), "a retry carries the same key");
        assertEquals(now.get().plusSeconds(60), Instant.parse(again.get("next_attempt_at").textValue()), "doubled");
        assertEquals(2, ok(200, admin.get("/v1/audit?action=channel.run.requested")).get("records").size());
    }

    @Test
    void aPdfMenuAndAQrPageArePublishedAsRealFiles() throws Exception {
        ok(200, publisher.send("PUT", "/v1/channels/print", WEB.replace("website", "pdf")));
        ok(200, publisher.send("PUT", "/v1/channels/table", WEB.replace("website", "qr-page").replace("\"reason\"",
                "\"page_url\": \"https://menu.example.com/fr-1?table=1\", \"reason\"")));
        ok(201, publisher.send("POST", "/v1/variants/main/publish", "{\"reason\":\"launch\"}"));
        run();

        HttpResponse<byte[]> pdf = bytes("/channels/print/menu.pdf");
        assertEquals("application/pdf", pdf.headers().firstValue("Content-Type").orElseThrow());
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            String text = new PDFTextStripper().getText(document);
            assertTrue(text.contains("Nos burgers"), text);
            assertTrue(text.replace('\u00a0', ' ').contains("Grand Burger — 9,49 €"), text);
        }
        assertEquals(200, bytes("/channels/print/v1.pdf").statusCode());

        String page = new String(bytes("/channels/table/index.html").body(), StandardCharsets.UTF_8);
        assertTrue(page.contains("<h2>Nos burgers</h2>"), page);
        assertTrue(page.contains("<li id=\"big-burger\">Grand Burger — 9,49\u00a0€</li>"), page);
        BufferedImage qr = ImageIO.read(new ByteArrayInputStream(bytes("/channels/table/qr.png").body()));
        int[] pixels = qr.getRGB(0, 0, qr.getWidth(), qr.getHeight(), null, 0, qr.getWidth());
        String decoded = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                new RGBLuminanceSource(qr.getWidth(), qr.getHeight(), pixels)))).getText();
        assertEquals("https://menu.example.com/fr-1?table=1", decoded);

        ok(200, publisher.send("PUT", "/v1/variants/main/layers/country:FR", FRANCE.replace("Grand Burger",
                "Grand Burger 和牛")));
        ok(201, publisher.send("POST", "/v1/variants/main/publish", "{\"reason\":\"wagyu\"}"));
        run();
        JsonNode refused = ok(200, publisher.get("/v1/channels/out-of-step")).at("/deliveries/0");
        assertEquals("print", refused.get("channel").textValue(), refused.toString());
        assertEquals("REJECTED", refused.get("state").textValue());
        assertTrue(refused.get("reason").textValue().startsWith("pdf: name \"Grand Burger 和牛\": "), refused.toString());
        assertTrue(refused.get("reason").textValue().contains("U+548C"), refused.toString());
        assertTrue(new String(bytes("/channels/table/index.html").body(), StandardCharsets.UTF_8)
                .contains("Grand Burger 和牛"), "the page can show it");
        try (PDDocument document = Loader.loadPDF(bytes("/channels/print/menu.pdf").body())) {
            assertTrue(new PDFTextStripper().getText(document).contains("Grand Burger — "), "the PDF keeps what it had");
        }
    }

    private HttpResponse<byte[]> bytes(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(relay.uri(path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private JsonNode run() throws Exception {
        return ok(200, publisher.send("POST", "/v1/channel-runs", "{\"reason\":\"check\"}"));
    }

    private static JsonNode ok(int status, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        return Json.tree(response.body());
    }
}
