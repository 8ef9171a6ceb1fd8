package dev.outpost.relay.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.relay.staff.UserView;
import dev.outpost.relay.testing.RelayHarness;
import dev.outpost.relay.testing.StaffClient;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** Staff accounts from the console: create, disable, enable, each with a reason and its audit record shown. */
@Tag("integration")
@Tag("browser")
class UsersPageIT {
    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();
    @TempDir
    Path dir;
    private RelayHarness relay;

    @BeforeEach
    void start() throws Exception {
        relay = ConsoleBrowser.startRelay(dir);
        StaffClient.admin(relay);
        browser.login(relay, "admin", StaffClient.PASSWORD);
        browser.click(By.linkText("Users"));
        browser.waitForText(By.id("users-status"), "1 users.");
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    @Test
    void creatingAnApproverWithAReasonShowsTheUserAndTheAuditRecord() {
        browser.fill(By.id("new-username"), "fr-approver");
        browser.fill(By.id("new-password"), "a long enough password");
        browser.click(By.id("role-approver"));
        browser.fill(By.id("new-jurisdictions"), "fr, be");
        browser.click(By.cssSelector("#create button[type=submit]"));
        browser.waitForText(By.id("create-status"), "A reason is required");
        assertTrue(relay.relay().staff().accounts().find("fr-approver").isEmpty());

        browser.fill(By.id("create-reason"), "FR sign-offs for the recall");
        browser.click(By.cssSelector("#create button[type=submit]"));
        browser.waitForText(By.id("create-status"), "User fr-approver created with roles viewer, approver.");
        String record = browser.waitForText(By.cssSelector("#created .audit-record"), "staff.user.created");
        assertTrue(record.contains("user:fr-approver") && record.contains("FR sign-offs for the recall")
                && record.contains("user:admin"), record);
        String row = browser.waitForText(By.cssSelector("#users tr[data-user='fr-approver']"), "fr-approver");
        assertTrue(row.contains("BE, FR") && row.contains("active"), row);
        UserView stored = relay.relay().staff().accounts().find("fr-approver").orElseThrow();
        assertEquals(List.of("BE", "FR"), stored.jurisdictions());
    }

    @Test
    void disablingAndEnablingAUserGoesThroughTheReasonDialog() {
        StaffClient.createUser(relay, "bob", java.util.Set.of(), dev.outpost.relay.staff.Role.PUBLISHER);
        browser.driver().navigate().refresh();
        browser.click(By.cssSelector("#users tr[data-user='bob'] button.danger"));
        browser.visible(By.cssSelector("dialog[open] textarea")).sendKeys("left the company");
        browser.click(By.xpath("//dialog//button[text()='Disable']"));
        browser.waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("dialog"), 0));
        String record = browser.waitForText(By.cssSelector("#changed .audit-record"), "staff.user.disabled");
        assertTrue(record.contains("left the company"), record);
        browser.waitForText(By.cssSelector("#users tr[data-user='bob']"), "disabled");
        assertTrue(relay.relay().staff().accounts().find("bob").orElseThrow().disabled());

        browser.click(By.xpath("//tr[@data-user='bob']//button[text()='Enable…']"));
        browser.visible(By.cssSelector("dialog[open] textarea")).sendKeys("came back");
        browser.click(By.xpath("//dialog//button[text()='Enable']"));
        browser.waitForText(By.cssSelector("#changed .audit-record"), "staff.user.enabled");
        browser.waitForText(By.cssSelector("#users tr[data-user='bob']"), "active");
    }
}
