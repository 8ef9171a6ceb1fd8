package dev.outpost.relay.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.json.Json;
import dev.outpost.relay.testing.RelayHarness;
import dev.outpost.relay.testing.StaffClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** Enrollment tokens and certificates from the console: every change needs a reason and shows its audit record. */
@Tag("integration")
@Tag("browser")
class DevicesPageIT {
    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();
    @TempDir
    Path dir;
    private RelayHarness relay;
    private StaffClient api;

    @BeforeEach
    void start() throws Exception {
        relay = ConsoleBrowser.startRelay(dir);
        api = StaffClient.admin(relay);
        browser.login(relay, "admin", StaffClient.PASSWORD);
        browser.click(By.linkText("Devices"));
        browser.waitForText(By.id("certs-status"), "certificates");
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    private JsonNode audit(String query) throws Exception {
        return Json.tree(api.get("/v1/audit?" + query).body()).path("records");
    }

    @Test
    void issuingATokenWithAReasonShowsTheTokenOnceAndItsAuditRecord() throws Exception {
        browser.fill(By.id("site"), "store-0042");
        browser.fill(By.id("issue-reason"), "new store opens Monday");
        browser.click(By.cssSelector("#issue button[type=submit]"));

        browser.waitForText(By.id("issue-status"), "Token issued for store-0042");
        String token = browser.visible(By.id("token")).getAttribute("value");
        assertTrue(token.startsWith("ot1."), token);
        assertTrue(browser.driver().findElement(By.id("issued")).getText().contains("relay.enrollment-token"));
        assertTrue(browser.driver().findElement(By.id("copy-token")).isDisplayed());

        String record = browser.waitForText(By.cssSelector("#issue-audit .audit-record"), "device.enrollment-token.issued");
        JsonNode stored = audit("action=device.enrollment-token.issued").get(0);
        assertTrue(record.contains("Enrollment token issued — audit record #" + stored.path("seq").asLong()), record);
        assertTrue(record.contains("user:admin"), record);
        assertTrue(record.contains("site:store-0042"), record);
        assertTrue(record.contains("new store opens Monday"), record);
        assertEquals("", browser.driver().findElement(By.id("issue-reason")).getAttribute("value"), "the reason is not reused");
    }

    @Test
    void aBlankReasonIsRefusedInTheBrowserAndNothingIsIssued() throws Exception {
        browser.fill(By.id("site"), "store-0042");
        browser.fill(By.id("issue-reason"), "   ");
        browser.click(By.cssSelector("#issue button[type=submit]"));

        browser.waitForText(By.id("issue-status"), "A reason is required: say why you are doing this.");
        assertEquals("true", browser.driver().findElement(By.id("issue-reason")).getAttribute("aria-invalid"));
        assertEquals("issue-reason", browser.driver().switchTo().activeElement().getAttribute("id"), "focus goes to the reason");
        assertTrue(browser.driver().findElements(By.id("token")).isEmpty());
        assertEquals(0, audit("action=device.enrollment-token.issued").size());
    }

    @Test
    void theRelaysRefusalIsShownAsItSaysIt() {
        browser.fill(By.id("site"), "Store 42");
        browser.fill(By.id("issue-reason"), "typo test");
        browser.click(By.cssSelector("#issue button[type=submit]"));
        browser.waitForText(By.id("issue-status"), "Refused: enrollment token: site_id must be lower-case letters, digits and"
                + " dashes (at most 63, e.g. store-0042), was 'Store 42'");
    }

    @Test
    void revokingACertificateAsksForAReasonInADialogAndShowsTheAuditRecord() throws Exception {
        relay.site("store-0007"); // enrolls a certificate for the site
        browser.click(By.cssSelector("#cert-filter button"));
        String serial = browser.visible(By.cssSelector("#certs tr[data-serial]")).getAttribute("data-serial");
        browser.click(By.cssSelector("#certs button[data-serial='" + serial + "']"));

        browser.visible(By.cssSelector("dialog[open]"));
        browser.click(By.xpath("//dialog//button[text()='Revoke certificate']"));
        browser.waitForText(By.cssSelector("dialog [role=alert]"), "A reason is required");
        assertEquals("valid", browser.driver().findElement(By.cssSelector("#certs tr[data-serial='" + serial + "'] td:nth-child(3)")).getText());

        browser.driver().switchTo().activeElement().sendKeys("appliance stolen");
        browser.click(By.xpath("//dialog//button[text()='Revoke certificate']"));
        browser.waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("dialog"), 0));
        String record = browser.waitForText(By.cssSelector("#revoked .audit-record"), "device.certificate.revoked");
        assertTrue(record.contains("appliance stolen") && record.contains("site:store-0007") && record.contains("user:admin"), record);
        browser.waitForText(By.cssSelector("#certs tr[data-serial='" + serial + "'] td:nth-child(3)"), "revoked");
    }
}
