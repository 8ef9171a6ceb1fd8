package dev.outpost.relay.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.relay.staff.Role;
import dev.outpost.relay.testing.RelayHarness;
import dev.outpost.relay.testing.StaffClient;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/** The fleet page shows a site soon after its heartbeat reaches the relay, without a reload. */
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
        String tile = browser.driver().findElement(By.cssSelector("#heatmap li[data-site='store-0042']")).getText();
        assertTrue(tile.startsWith("store-0042\nfresh · "), "the tile says its state in words, not only in colour: " + tile);
        browser.waitForText(By.id("fleet-status"), "1 sites (0 stale), 2 devices; 0 stores with menus behind");
        assertEquals("not in the store directory", browser.driver().findElement(
                By.cssSelector("#sites tr[data-site='store-0042'] td.menus")).getText());

        // in the directory, with no plan for it yet
        assertEquals(200, StaffClient.admin(relay).send("PUT", "/v1/stores/store-0042", "{\"region\":\"EU\",\"country\":"
                + "\"FR\",\"zone\":\"Europe/Paris\",\"tags\":[],\"reason\":\"new store\"}").statusCode());
        browser.waitForText(By.cssSelector("#sites tr[data-site='store-0042'] td.menus"), "nothing planned");
    }
}
