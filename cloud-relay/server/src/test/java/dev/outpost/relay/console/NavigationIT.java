package dev.outpost.relay.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.relay.staff.Role;
import dev.outpost.relay.testing.RelayHarness;
import dev.outpost.relay.testing.StaffClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The navigation lists only the pages the user's roles can use; the shell is the same on every page. */
@Tag("integration")
@Tag("browser")
class NavigationIT {
    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();
    @TempDir
    Path dir;
    private RelayHarness relay;

    @BeforeEach
    void start() {
        relay = ConsoleBrowser.startRelay(dir);
        StaffClient.createUser(relay, "vera", Set.of(), Role.VIEWER);
        StaffClient.createUser(relay, "ada", Set.of(), Role.ADMIN);
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    private List<String> links() {
        return browser.driver().findElements(By.cssSelector("header nav a")).stream().map(WebElement::getText).toList();
    }

    @Test
    void aViewerSeesTheReadablePagesOnlyAndIsToldWhyAnAdminPageIsClosed() {
        browser.login(relay, "vera", StaffClient.PASSWORD);
        assertEquals(List.of("Fleet", "Menus", "Plans", "Approvals", "Channels", "Malls", "Stores", "Audit"), links());
        assertEquals("page", browser.driver().findElement(By.linkText("Fleet")).getAttribute("aria-current"));

        browser.open(relay, "/users.html");
        String refusal = browser.waitForText(By.cssSelector("main [role=alert]"), "needs the admin role");
        assertEquals("This page needs the admin role; you have viewer.", refusal);
        assertEquals(List.of("Fleet", "Menus", "Plans", "Approvals", "Channels", "Malls", "Stores", "Audit"), links());
    }

    @Test
    void anAdminSeesEveryPageAndEachHasTheSameShell() {
        browser.login(relay, "ada", StaffClient.PASSWORD);
        assertEquals(List.of("Fleet", "Menus", "Plans", "Approvals", "Channels", "Malls", "Stores", "Audit", "Devices", "Users"), links());
        for (String page : List.of("Menus", "Plans", "Approvals", "Channels", "Malls", "Stores", "Audit", "Devices", "Users", "Fleet")) {
            browser.click(By.linkText(page));
            browser.waiting().until(d -> "page".equals(d.findElement(By.linkText(page)).getAttribute("aria-current")));
            assertEquals(page, browser.driver().findElement(By.cssSelector("main h1")).getText().split(" ")[0]);
            assertEquals(1, browser.driver().findElements(By.cssSelector("main#main")).size());
            assertEquals("Skip to content", browser.driver().findElement(By.cssSelector("a.skip")).getAttribute("textContent"));
            assertTrue(browser.driver().findElement(By.id("user")).getText().contains("ada"));
        }
    }
}
