package dev.outpost.relay.console;

import static dev.outpost.relay.console.MenusPageIT.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.relay.staff.Role;
import dev.outpost.relay.testing.RelayHarness;
import dev.outpost.relay.testing.StaffClient;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * The Channels page: an approver releases a held price change with one click and a reason (then its audit record);
 * the items an unreachable platform lacks are listed out of step with the reason; a publisher's template with an
 * unknown placeholder is refused at the field, as the relay says it, and a good one is saved; a publisher creates a
 * channel and changes its settings in one form, and a bad value is refused at its field with nothing changed.
 */
@Tag("integration")
@Tag("browser")
class ChannelsPageIT {
    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();
    @TempDir
    Path dir;
    private RelayHarness relay;
    private StaffClient pat;
    private int closed;

    @BeforeEach
    void start() throws Exception {
        relay = ConsoleBrowser.startRelay(dir);
        StaffClient admin = StaffClient.admin(relay);
        MenusPageIT.stores(relay, admin);
        StaffClient.createUser(relay, "pat", Set.of(), Role.PUBLISHER);
        StaffClient.createUser(relay, "ana", Set.of("FR"), Role.APPROVER);
        pat = StaffClient.login(relay, "pat", StaffClient.PASSWORD);
        MenusPageIT.variant(pat);
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort(); // nothing listens here once closed
        }
        String web = """
                {"kind": "website", "variant": "main", "site": "store-fr-1", "locale": "fr-FR", "price_unit": "display",
                 "description_cap": 40, "fields": ["name", "price"], "template": "{name} — {price}", "reason": "site"}""";
        ok(200, pat.send("PUT", "/v1/channels/web", web));
        ok(200, pat.send("PUT", "/v1/channels/eats", web.replace("website", "order-platform").replace("\"reason\"",
                "\"endpoint\": \"http://127.0.0.1:" + closed + "/menu\", \"reason\"")));
        ok(200, StaffClient.login(relay, "ana", StaffClient.PASSWORD).send("PUT", "/v1/channel-hold-rules",
                "{\"price_change_percent\": 20, \"reason\": \"owner signs off\"}"));
        ok(201, pat.send("POST", "/v1/variants/main/publish", "{\"reason\":\"launch\"}"));
        run();
        MenusPageIT.layer(pat, "country:FR", MenusPageIT.FRANCE.replace("949", "1299"));
        ok(201, pat.send("POST", "/v1/variants/main/publish", "{\"reason\":\"new beef\"}"));
        run();
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    private void run() throws Exception {
        ok(200, pat.send("POST", "/v1/channel-runs", "{\"reason\":\"test\"}"));
    }

    @Test
    void anApproverReleasesAHeldPriceAndOutOfStepItemsSayWhy() throws Exception {
        browser.login(relay, "ana", StaffClient.PASSWORD);
        browser.click(By.linkText("Channels"));
        String card = browser.waitForText(By.cssSelector("[data-hold]"), "price 949 → 1299 (+36.9%)");
        assertTrue(card.contains("big-burger at store-fr-1 (main v2)"), card);
        String failed = browser.waitForText(By.cssSelector("[data-delivery='eats/big-burger']"), "FAILED");
        assertTrue(failed.contains("POST http://127.0.0.1:" + closed + "/menu"), failed);
        browser.waitForText(By.id("out-status"), "2 items are out of step.");

        browser.click(By.cssSelector("[data-hold] button.primary"));
        browser.visible(By.cssSelector("dialog[open] textarea")).sendKeys("new beef supplier");
        browser.click(By.xpath("//dialog//button[text()='Approve']"));
        browser.waitForText(By.id("decided-status"), "big-burger at store-fr-1 is APPROVED.");
        String record = browser.waitForText(By.cssSelector("#decided .audit-record"), "channel.hold.approved");
        assertTrue(record.contains("user:ana") && record.contains("new beef supplier"), record);
        browser.waitForText(By.id("holds-status"), "No change is on hold.");
        run();
        assertEquals("12,99\u00a0€", ok(200, relay.sendPlain("GET", "/channels/web/menu.json", null))
                .at("/items/big-burger/price").textValue());
    }

    @Test
    void aRejectedHoldIsInThisWeeksDigest() throws Exception {
        browser.login(relay, "ana", StaffClient.PASSWORD);
        browser.click(By.linkText("Channels"));
        browser.waitForText(By.id("digest-status"), "no change was rejected");
        browser.click(By.cssSelector("[data-hold] button.danger"));
        browser.visible(By.cssSelector("dialog[open] textarea")).sendKeys("too dear for this store");
        browser.click(By.xpath("//dialog//button[text()='Reject']"));
        browser.waitForText(By.id("decided-status"), "big-burger at store-fr-1 is REJECTED.");
        String row = browser.waitForText(By.cssSelector("[data-digest]"), "too dear for this store");
        assertTrue(row.contains("big-burger") && row.contains("price 949 → 1299 (+36.9%)") && row.contains("user:ana"), row);
        browser.waitForText(By.id("digest-status"), "1 change was rejected; every channel kept what it had.");
    }

    @Test
    void aTemplateWithAnUnknownPlaceholderIsRefusedAtTheField() {
        browser.login(relay, "pat", StaffClient.PASSWORD);
        browser.click(By.linkText("Channels"));
        browser.waitForText(By.id("channels-status"), "2 channels.");
        new Select(browser.visible(By.id("channel-pick"))).selectByValue("web");
        browser.fill(By.id("channel-template"), "{nom} — {price}");
        browser.fill(By.id("channel-reason"), "French placeholder");
        browser.click(By.id("channel-save"));
        String error = browser.waitForText(By.id("channel-template-error"), "unknown placeholder {nom}");
        assertTrue(error.contains("channel web: template"), error);
        assertEquals("true", browser.visible(By.id("channel-template")).getAttribute("aria-invalid"));

        browser.fill(By.id("channel-template"), "{name}: {price}");
        browser.click(By.id("channel-save"));
        browser.waitForText(By.id("channel-status"), "Changed web");
        browser.waitForText(By.cssSelector("#channel-audit .audit-record"), "channel.saved");
        browser.waitForText(By.cssSelector("[data-channel='web']"), "{name}: {price}");
    }

    /**
     * A publisher creates a channel in the console, then changes its description cap and category names: the next
     * run's output has the new name; a cap of 0 is refused at its field and changes nothing. A category rule is saved
     * and removed, each with its audit record.
     */
    @Test
    void aPublisherCreatesAChannelAndChangesEverySettingInOneForm() throws Exception {
        browser.login(relay, "pat", StaffClient.PASSWORD);
        browser.click(By.linkText("Channels"));
        browser.waitForText(By.id("channels-status"), "2 channels.");
        browser.fill(By.id("channel-id"), "qr");
        new Select(browser.visible(By.id("channel-kind"))).selectByValue("qr-page");
        browser.fill(By.id("channel-variant"), "main");
        browser.fill(By.id("channel-site"), "store-fr-1");
        browser.fill(By.id("channel-locale"), "fr-FR");
        new Select(browser.visible(By.id("channel-price_unit"))).selectByValue("minor");
        browser.fill(By.id("channel-description_cap"), "80");
        browser.fill(By.id("channel-template"), "{name} ({category}) {price}");
        browser.fill(By.id("channel-page_url"), "https://example.com/table");
        browser.fill(By.id("channel-reason"), "table QR page");
        browser.click(By.id("channel-save"));
        browser.waitForText(By.id("channel-status"), "Created qr");
        String record = browser.waitForText(By.cssSelector("#channel-audit .audit-record"), "channel.saved");
        assertTrue(record.contains("channel:qr") && record.contains("table QR page"), record);
        browser.waitForText(By.cssSelector("[data-channel='qr']"), "qr-page");

        browser.fill(By.id("channel-description_cap"), "25");
        browser.fill(By.id("channel-categories"), "sides = Nos frites");
        browser.fill(By.id("channel-reason"), "shorter, our names");
        browser.click(By.id("channel-save"));
        browser.waitForText(By.id("channel-status"), "Changed qr");
        browser.waitForText(By.cssSelector("[data-channel='qr']"), "sides → Nos frites");
        run();
        assertEquals("Nos frites", ok(200, relay.sendPlain("GET", "/channels/qr/menu.json", null))
                .at("/items/fries/category").textValue());

        browser.fill(By.id("channel-description_cap"), "0");
        browser.fill(By.id("channel-reason"), "no descriptions");
        browser.click(By.id("channel-save"));
        String error = browser.waitForText(By.id("channel-description_cap-error"), "description_cap must be");
        assertTrue(error.contains("channel qr:") && error.contains("was 0"), error);
        assertEquals("true", browser.visible(By.id("channel-description_cap")).getAttribute("aria-invalid"));
        JsonNode qr = channel("qr");
        assertEquals(25, qr.path("description_cap").intValue(), qr.toString());
        assertEquals("Nos frites", qr.at("/categories/sides").textValue(), qr.toString());

        browser.fill(By.id("rule-category"), "sides");
        browser.fill(By.id("rule-channels"), "qr");
        browser.fill(By.id("rule-reason"), "fries on the tables only");
        browser.click(By.id("rule-save"));
        browser.waitForText(By.cssSelector("#rule-audit .audit-record"), "channel.rule.saved");
        browser.waitForText(By.cssSelector("[data-category='sides']"), "qr");
        browser.click(By.cssSelector("[data-category='sides'] button"));
        browser.visible(By.cssSelector("dialog[open] textarea")).sendKeys("fries everywhere again");
        browser.click(By.xpath("//dialog//button[text()='Remove']"));
        String removed = browser.waitForText(By.cssSelector("#rule-audit .audit-record"), "channel.rule.deleted");
        assertTrue(removed.contains("fries everywhere again"), removed);
        assertEquals("{}", ok(200, pat.get("/v1/channel-rules")).path("rules").toString());
    }

    private JsonNode channel(String id) throws Exception {
        for (JsonNode c : ok(200, pat.get("/v1/channels")).path("channels")) {
            if (c.path("id").textValue().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("channel " + id + " is not listed");
    }
}
