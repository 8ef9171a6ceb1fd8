package dev.outpost.relay.console;

import static dev.outpost.relay.console.MenusPageIT.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.relay.staff.Role;
import dev.outpost.relay.testing.RelayHarness;
import dev.outpost.relay.testing.StaffClient;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/** The store directory: an admin adds and changes stores, the relay's refusal shown at the field it names. */
@Tag("integration")
@Tag("browser")
class StoresPageIT {
    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();
    @TempDir
    Path dir;
    private RelayHarness relay;
    private StaffClient admin;

    @BeforeEach
    void start() throws Exception {
        relay = ConsoleBrowser.startRelay(dir);
        admin = StaffClient.admin(relay);
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    @Test
    void anAdminAddsAStoreSeesTheRefusedZoneAtItsFieldAndThenChangesItsTags() throws Exception {
        browser.login(relay, "admin", StaffClient.PASSWORD);
        browser.click(By.linkText("Stores"));
        browser.waitForText(By.id("stores-status"), "0 stores.");
        browser.fill(By.id("store-site"), "store-fr-1");
        browser.fill(By.id("store-region"), "EU");
        browser.fill(By.id("store-country"), "fr");
        browser.fill(By.id("store-zone"), "Paris");
        browser.fill(By.id("store-reason"), "opens Monday");
        browser.click(By.id("store-save"));
        String error = browser.waitForText(By.id("store-zone-error"), "Refused by the relay: store.zone: must be an IANA time zone");
        assertTrue(error.endsWith("was 'Paris'"), error);
        assertEquals("true", browser.driver().findElement(By.id("store-zone")).getAttribute("aria-invalid"));
        assertEquals("store-zone", browser.driver().switchTo().activeElement().getAttribute("id"));
        assertEquals(0, ok(200, admin.get("/v1/stores")).get("stores").size());

        browser.fill(By.id("store-zone"), "Europe/Paris");
        browser.click(By.id("store-save"));
        browser.waitForText(By.id("store-status"), "Added store-fr-1 (EU / FR, Europe/Paris).");
        assertEquals("", browser.driver().findElement(By.id("store-zone-error")).getText());
        String record = browser.waitForText(By.cssSelector("#store-audit .audit-record"), "store.added");
        assertTrue(record.contains("site:store-fr-1") && record.contains("opens Monday"), record);
        browser.waitForText(By.cssSelector("#stores tr[data-site='store-fr-1']"), "Europe/Paris");

        browser.click(By.cssSelector("#stores tr[data-site='store-fr-1'] button"));
        assertEquals("store-region", browser.driver().switchTo().activeElement().getAttribute("id"));
        assertEquals("FR", browser.driver().findElement(By.id("store-country")).getAttribute("value"));
        browser.fill(By.id("store-tags"), "drive-thru, airport");
        browser.fill(By.id("store-reason"), "tagged for the airport plan");
        browser.click(By.id("store-save"));
        browser.waitForText(By.id("store-status"), "Changed store-fr-1");
        browser.waitForText(By.cssSelector("#store-audit .audit-record"), "store.changed");
        browser.waitForText(By.cssSelector("#stores tr[data-site='store-fr-1']"), "airport, drive-thru");
    }

    @Test
    void aViewerSeesTheDirectoryButNotTheForm() throws Exception {
        ok(200, admin.send("PUT", "/v1/stores/store-de-1", "{\"region\":\"EU\",\"country\":\"DE\",\"zone\":\"Europe/Berlin\","
                + "\"reason\":\"new\"}"));
        StaffClient.createUser(relay, "vic", Set.of(), Role.VIEWER);
        browser.login(relay, "vic", StaffClient.PASSWORD);
        browser.click(By.linkText("Stores"));
        browser.waitForText(By.cssSelector("#stores tr[data-site='store-de-1']"), "Europe/Berlin");
        browser.waitForText(By.id("store-why"), "Changes need the admin role; you have viewer.");
        assertTrue(!browser.driver().findElement(By.id("store-save")).isEnabled());
        assertTrue(!browser.driver().findElement(By.cssSelector("#stores tr[data-site='store-de-1'] button")).isEnabled());
    }
}
