package dev.outpost.relay.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.client.RelayClient;
import dev.outpost.api.event.EventBatch;
import dev.outpost.api.event.EventEnvelope;
import dev.outpost.api.event.UuidV7;
import dev.outpost.api.json.Json;
import dev.outpost.relay.staff.Role;
import dev.outpost.relay.testing.RelayHarness;
import dev.outpost.relay.testing.StaffClient;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The fleet page shows a site soon after its heartbeat reaches the relay, without a reload, and a store's menu tier in
 * its region's heat map cell, which filters the table.
 */
@Tag("integration")
@Tag("browser")
class FleetPageIT {
    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();
    @TempDir
    Path dir;
    private RelayHarness relay;

    @BeforeEach
    void start() {
        relay = ConsoleBrowser.startRelay(dir);
        StaffClient.createUser(relay, "vera", Set.of(), Role.VIEWER);
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    static String heartbeat(String site, String applianceVersion) {
        String now = Instant.now().toString();
        return """
                {"site_id": "%s", "sent_at": "%s", "appliance_version": "%s", "anomalies": [], "cache_bytes": 2500000,
                 "devices": [{"device_id": "board-1", "role": "board", "version": "2.0.1", "state": "RUNNING", "last_seen": "%s"},
                             {"device_id": "kiosk-1", "role": "kiosk", "version": "1.9.0", "state": "OFFLINE", "last_seen": "%s"}]}
                """.formatted(site, now, applianceVersion, now, now);
    }

    @Test
    void aHeartbeatAppearsWithItsAgeDevicesAndAFreshTileWhileThePageIsOpen() throws Exception {
        browser.login(relay, "vera", StaffClient.PASSWORD);
        browser.waitForText(By.id("fleet-status"), "0 sites");

        assertEquals(200, relay.send("POST", "/v1/sites/store-0042/heartbeat", heartbeat("store-0042", "1.4.2")).statusCode());

        // the page refreshes itself: no reload here
        String row = browser.waitForText(By.cssSelector("#sites tr[data-site='store-0042']"), "store-0042");
        assertTrue(row.contains("1.4.2"), row);
        assertTrue(row.contains("board-1 (board) · v2.0.1 · RUNNING"), row);
        assertTrue(row.contains("kiosk-1 (kiosk) · v1.9.0 · OFFLINE"), row);
        assertTrue(row.contains("2.5 MB"), row);
        assertTrue(row.matches("(?s).*\\b\\d+ s\\b.*"), "age in seconds with its unit: " + row);
        assertEquals("1 store", browser.driver().findElement(By.cssSelector(
                "#heatmap tr[data-region='not in the store directory'] td.number")).getText());
        browser.waitForText(By.id("fleet-status"), "1 sites (0 stale), 2 devices; 0 stores with menus behind");
        assertEquals("not in the store directory", browser.driver().findElement(
                By.cssSelector("#sites tr[data-site='store-0042'] td.menus")).getText());

        // in the directory, with no plan for it yet
        assertEquals(200, StaffClient.admin(relay).send("PUT", "/v1/stores/store-0042", "{\"region\":\"EU\",\"country\":"
                + "\"FR\",\"zone\":\"Europe/Paris\",\"tags\":[],\"reason\":\"new store\"}").statusCode());
        browser.waitForText(By.cssSelector("#sites tr[data-site='store-0042'] td.menus"), "nothing planned");
    }

    @Test
    void aStoreOnAnExpiredMenuShowsInItsRegionsExpiredCellAndThatCellFiltersTheTable() throws Exception {
        StaffClient admin = StaffClient.admin(relay);
        for (String site : List.of("store-0043", "store-0044")) {
            assertEquals(200, admin.send("PUT", "/v1/stores/" + site, "{\"region\":\"EU\",\"country\":\"FR\","
                    + "\"zone\":\"Europe/Paris\",\"tags\":[],\"reason\":\"new store\"}").statusCode());
            assertEquals(200, relay.send("POST", "/v1/sites/" + site + "/heartbeat", heartbeat(site, "1.4.2")).statusCode());
        }
        Instant since = Instant.now().minusSeconds(3600);
        try (RelayClient client = relay.client("store-0043")) {
            client.postEvents("store-0043", new EventBatch(List.of(new EventEnvelope(new UuidV7(InstantSource.system())
                    .next(), "store-0043", "appliance-menu-tier", "menu.tier", Instant.now(), 1, Json.tree(
                    "{\"tier\":\"EXPIRED\",\"previous\":\"STALE\",\"since\":\"" + since + "\",\"alarm\":true,"
                            + "\"why\":\"no manifest accepted\"}")))));
        }
        browser.login(relay, "vera", StaffClient.PASSWORD);

        By expired = By.cssSelector("#heatmap button[data-region='EU'][data-state='expired']");
        browser.waitForText(expired, "1 expired");
        assertEquals("0 stale", browser.driver().findElement(
                By.cssSelector("#heatmap button[data-region='EU'][data-state='stale']")).getText());
        assertEquals("2 stores", browser.driver().findElement(By.cssSelector("#heatmap tr[data-region='EU'] td.number"))
                .getText());
        assertTrue(browser.driver().findElements(By.cssSelector("#sites tr[data-site='store-0044']")).size() == 1,
                "every store shows before a cell is picked");

        browser.click(expired);
        browser.waitForText(By.id("filter-status"), "Showing the stores of EU that are expired.");
        assertEquals("true", browser.driver().findElement(expired).getAttribute("aria-pressed"));
        assertEquals(List.of("store-0043"), browser.driver().findElements(By.cssSelector("#sites tr[data-site]")).stream()
                .map(row -> row.getAttribute("data-site")).toList());
        String tier = browser.driver().findElement(By.cssSelector("#sites tr[data-site='store-0043'] td.tier")).getText();
        assertTrue(tier.startsWith("expired since ") && tier.contains("(Europe/Paris)"),
                "the tier in words, with the store's zone: " + tier);

        browser.click(By.id("filter-clear"));
        browser.waitForText(By.cssSelector("#sites tr[data-site='store-0044']"), "store-0044");
    }
}
