package dev.outpost.relay.console;

import static dev.outpost.relay.console.MenusPageIT.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.event.EventBatch;
import dev.outpost.api.event.SalePaid;
import dev.outpost.api.heartbeat.Heartbeat;
import dev.outpost.api.heartbeat.OutboxBacklog;
import dev.outpost.api.json.Json;
import dev.outpost.relay.staff.Role;
import dev.outpost.relay.testing.RelayHarness;
import dev.outpost.relay.testing.SaleEvents;
import dev.outpost.relay.testing.StaffClient;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The Stores page: today's sales, outbox backlogs and offline stores, refreshed while open; the store directory, where
 * an admin adds and changes stores, the relay's refusal shown at the field it names.
 */
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

    @Test
    void todaysSalesTheOutboxBacklogAndOfflineStoresShowAndRefreshWhileThePageIsOpen() throws Exception {
        for (String[] store : new String[][] {{"store-fr-1", "Europe/Paris"}, {"store-us-1", "America/New_York"}}) {
            ok(200, admin.send("PUT", "/v1/stores/" + store[0], "{\"region\":\"EU\",\"country\":\"FR\",\"zone\":\""
                    + store[1] + "\",\"reason\":\"new store\"}"));
        }
        Instant now = Instant.now();
        LocalDate today = LocalDate.ofInstant(now, ZoneId.of("Europe/Paris"));
        SaleEvents pos = new SaleEvents("store-fr-1", now, 11);
        sell(pos, SaleEvents.paid(pos.transaction(), today, "EUR", 2, 600, 0, 34, List.of(SaleEvents.cash(1234)), 66));
        ok(200, relay.send("POST", "/v1/sites/store-fr-1/heartbeat", Json.writeString(new Heartbeat("store-fr-1", now,
                "1.4.2", List.of(), List.of(), 0, new OutboxBacklog(3, 45_000, 1)))));
        StaffClient.createUser(relay, "vic", Set.of(), Role.VIEWER);

        browser.login(relay, "vic", StaffClient.PASSWORD);
        browser.click(By.linkText("Stores"));
        String paris = browser.waitForText(By.cssSelector("#today tr[data-site='store-fr-1']"), "1 sale");
        assertTrue(paris.contains(today + " (Europe/Paris)"), paris);
        assertTrue(paris.contains("€12.34 taken"), "money in its currency: " + paris);
        assertTrue(paris.contains("3 events waiting") && paris.contains("1 parked (refused by the relay)"), paris);
        assertTrue(paris.matches("(?s).*\\b\\d+ s \\(since .*"), "the oldest event's age with its unit: " + paris);
        assertTrue(paris.contains("(Europe/Paris)") && paris.endsWith("online"), paris);
        String newYork = browser.driver().findElement(By.cssSelector("#today tr[data-site='store-us-1']")).getText();
        assertTrue(newYork.contains("no sales yet") && newYork.contains("not reported") && newYork.contains("never")
                && newYork.endsWith("OFFLINE"), newYork);
        browser.waitForText(By.id("today-status"), "2 stores, 1 offline, 3 events waiting in outboxes");

        WebElement offlineOnly = browser.driver().findElement(By.id("today-offline-only"));
        offlineOnly.sendKeys(Keys.SPACE); // by keyboard
        assertEquals(1, browser.driver().findElements(By.cssSelector("#today tr[data-site]")).size());
        assertEquals("store-us-1", browser.driver().findElement(By.cssSelector("#today tr[data-site]"))
                .getAttribute("data-site"));
        offlineOnly.sendKeys(Keys.SPACE);

        sell(pos, SaleEvents.paid(pos.transaction(), today, "EUR", 1, 500, 0, 0, List.of(SaleEvents.qr("payfast", 500)), 0));
        String refreshed = browser.waitForText(By.cssSelector("#today tr[data-site='store-fr-1']"), "2 sales");
        assertTrue(refreshed.contains("€17.34"), "no reload needed: " + refreshed);
    }

    private void sell(SaleEvents pos, SalePaid sale) throws Exception {
        ok(200, relay.send("POST", "/v1/sites/" + "store-fr-1" + "/events", Json.writeString(new EventBatch(List.of(
                pos.envelope("pos.sale.paid", sale))))));
    }
}
