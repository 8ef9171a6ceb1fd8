package dev.outpost.relay.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.relay.audit.AuditEntry;
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
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/** Searching the audit log and verifying its chain from the console, before and after someone edits the database. */
@Tag("integration")
@Tag("browser")
class AuditPageIT {
    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();
    @TempDir
    Path dir;
    private RelayHarness relay;

    @BeforeEach
    void start() {
        relay = ConsoleBrowser.startRelay(dir);
        StaffClient.createUser(relay, "vera", Set.of(), Role.VIEWER);
        StaffClient.createUser(relay, "bob", Set.of(), Role.PUBLISHER);
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    @Test
    void searchBySubjectAndActionFindsTheRecordAndPagesOn() {
        browser.login(relay, "vera", StaffClient.PASSWORD);
        browser.click(By.linkText("Audit"));
        browser.waitForText(By.id("search-status"), "records");

        browser.fill(By.id("subject"), "user:bob");
        browser.fill(By.id("action"), "staff.user.*");
        browser.click(By.cssSelector("#search button[type=submit]"));
        browser.waitForText(By.id("search-status"), "1 records (#2 to #2); no more pages.");
        String row = browser.driver().findElement(By.cssSelector("#records tr[data-seq='2']")).getText();
        assertTrue(row.contains("test") && row.contains("staff.user.created") && row.contains("user:bob")
                && row.contains("test fixture"), row);

        // paging over vera's user, bob's user, vera's login and 30 more: 25 a page, oldest first
        for (int i = 1; i <= 30; i++) {
            relay.relay().audit().append(new AuditEntry("test", "test.filler", "thing:" + i, null, null, "filler " + i));
        }
        browser.fill(By.id("subject"), "");
        browser.fill(By.id("action"), "");
        new Select(browser.driver().findElement(By.id("limit"))).selectByVisibleText("25");
        browser.click(By.cssSelector("#search button[type=submit]"));
        browser.waitForText(By.id("search-status"), "25 records (#1 to #25); more on the next page.");
        browser.click(By.id("next-page"));
        browser.waitForText(By.id("search-status"), "8 records (#26 to #33); no more pages.");
        browser.click(By.id("first-page"));
        browser.waitForText(By.id("search-status"), "25 records (#1 to #25)");
    }

    @Test
    void verifyChainSaysIntactThenNamesTheRecordSomeoneEdited() {
        browser.login(relay, "vera", StaffClient.PASSWORD);
        browser.open(relay, "/audit.html");
        browser.click(By.id("verify"));
        String ok = browser.waitForText(By.id("verify-result"), "Chain intact");
        assertEquals("✔ Chain intact: 3 records checked.", ok);
        assertEquals("ok", browser.driver().findElement(By.id("verify-result")).getAttribute("data-kind"));

        relay.relay().store().inTransaction("tamper", tx -> tx.update("UPDATE audit_log SET reason = 'nothing to see' WHERE seq = 2"));
        browser.click(By.id("verify"));
        String broken = browser.waitForText(By.id("verify-result"), "Chain broken");
        assertEquals("✖ Chain broken: record 2: hash does not match its contents (edited) (2 records checked).", broken);
        browser.waiting().until(ExpectedConditions.attributeToBe(By.id("verify-result"), "data-kind", "error"));
    }
}
