package dev.outpost.relay.console;

import static dev.outpost.relay.console.MenusPageIT.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.relay.staff.Role;
import dev.outpost.relay.testing.RelayHarness;
import dev.outpost.relay.testing.StaffClient;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A publish held by a gate, seen from both sides: the publisher sees HELD with the held price on the Menus page; on
 * the Approvals page the relay's refusals (another country, the two-person rule) are shown as it says them, and an
 * approver for the country releases it with one click and a reason. A plan's sign-off is refused to its maker and to an
 * approver for another country, each refusal shown as the relay says it.
 */
@Tag("integration")
@Tag("browser")
class ApprovalsPageIT {
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
        MenusPageIT.stores(relay, admin);
        StaffClient.createUser(relay, "pat", Set.of(), Role.PUBLISHER);
        StaffClient.createUser(relay, "ana", Set.of("FR", "DE"), Role.APPROVER);
        StaffClient.createUser(relay, "cy", Set.of("IT"), Role.APPROVER);
        StaffClient pat = StaffClient.login(relay, "pat", StaffClient.PASSWORD);
        MenusPageIT.variant(pat);
        // 29.90 in Germany against 2.99 in France: outside its sibling baseline
        MenusPageIT.layer(pat, "country:DE", "{\"items\": {\"fries\": {\"price\": {\"amount_minor\": 2990}}}}");
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    private void openApprovals(String username) {
        browser.login(relay, username, StaffClient.PASSWORD);
        browser.click(By.linkText("Approvals"));
        browser.waitForText(By.id("pending-status"), "approver");
    }

    private String confirmInDialog(String button, String reason) {
        browser.visible(By.cssSelector("dialog[open] textarea")).sendKeys(reason);
        browser.click(By.xpath("//dialog//button[text()='" + button + "']"));
        return browser.waitForText(By.cssSelector("dialog[open] [role=alert]"), "Refused by the relay");
    }

    @Test
    void aHeldPublishIsRefusedToAnApproverForAnotherCountryAndApprovedByOneForItsCountry() throws Exception {
        browser.login(relay, "pat", StaffClient.PASSWORD);
        browser.click(By.linkText("Menus"));
        browser.waitForText(By.id("layers-title"), "Main menu");
        browser.fill(By.id("publish-reason"), "German prices");
        browser.click(By.id("publish"));
        String outcome = browser.waitForText(By.cssSelector("#publish-outcome"), "HELD");
        assertTrue(outcome.contains("DE: items.fries") && outcome.contains("Affects DE"), outcome);
        browser.waitForText(By.id("publish-status"), "v1 is held");
        browser.waitForText(By.cssSelector("#publish-audit .audit-record"), "menu.publish.held");
        browser.click(By.id("logout"));

        openApprovals("cy");
        String card = browser.waitForText(By.cssSelector("[data-version='main/1']"), "HELD");
        assertTrue(card.contains("German prices") && card.contains("user:pat") && card.contains("DE: items.fries"), card);
        assertTrue(card.contains("you approve for IT, so the relay will refuse"), card);
        browser.click(By.cssSelector("[data-version='main/1'] button.primary"));
        String refusal = confirmInDialog("Approve and publish", "looks fine");
        assertTrue(refusal.contains("its held changes affect DE") && refusal.contains("which user 'cy' does not approve for"), refusal);
        browser.click(By.xpath("//dialog//button[text()='Cancel']"));
        browser.waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("dialog"), 0));
        browser.waitForText(By.cssSelector("[data-version='main/1'] .status"), "does not approve for");
        browser.click(By.id("logout"));

        openApprovals("ana");
        browser.waitForText(By.id("me-standing"), "You approve for DE, FR.");
        browser.click(By.cssSelector("[data-version='main/1'] button.primary"));
        browser.visible(By.cssSelector("dialog[open] textarea")).sendKeys("airport store: 29.90 is right");
        browser.click(By.xpath("//dialog//button[text()='Approve and publish']"));
        browser.waitForText(By.id("decided-status"), "main v1 is PUBLISHED.");
        String record = browser.waitForText(By.cssSelector("#decided .audit-record"), "menu.approved");
        assertTrue(record.contains("variant:main/v1") && record.contains("user:ana")
                && record.contains("airport store: 29.90 is right"), record);
        browser.waitForText(By.id("pending-status"), "Nothing waits for an approver.");
        assertEquals("PUBLISHED", ok(200, admin.get("/v1/variants/main/versions/1")).get("state").textValue());
    }

    @Test
    void aPublisherWhoIsAlsoAnApproverIsToldTheTwoPersonRuleAndAnotherApproverRejects() throws Exception {
        StaffClient.createUser(relay, "bo", Set.of("FR", "DE"), Role.APPROVER, Role.PUBLISHER);
        StaffClient bo = StaffClient.login(relay, "bo", StaffClient.PASSWORD);
        ok(202, bo.send("POST", "/v1/variants/main/publish", "{\"reason\":\"German prices\"}"));

        openApprovals("bo");
        String card = browser.waitForText(By.cssSelector("[data-version='main/1']"), "You published this version");
        assertTrue(card.contains("two-person rule"), card);
        browser.click(By.cssSelector("[data-version='main/1'] button.primary"));
        String refusal = confirmInDialog("Approve and publish", "mine, but fine");
        assertTrue(refusal.contains("published by user:bo, who cannot also approve it (two-person rule)"), refusal);
        browser.click(By.xpath("//dialog//button[text()='Cancel']"));
        browser.click(By.id("logout"));

        openApprovals("ana");
        browser.click(By.cssSelector("[data-version='main/1'] button.danger"));
        browser.visible(By.cssSelector("dialog[open] textarea")).sendKeys("29.90 is a typo for 2.99");
        browser.click(By.xpath("//dialog//button[text()='Reject']"));
        browser.waitForText(By.id("decided-status"), "main v1 is REJECTED.");
        browser.waitForText(By.cssSelector("#decided .audit-record"), "menu.rejected");
        browser.waitForText(By.id("pending-status"), "Nothing waits for an approver.");
    }

    @Test
    void aPlansSignOffIsRefusedToItsMakerAndToAnApproverForAnotherCountry() throws Exception {
        ok(202, StaffClient.login(relay, "pat", StaffClient.PASSWORD).send("POST", "/v1/variants/main/publish",
                "{\"reason\":\"German prices\"}"));
        ok(200, StaffClient.login(relay, "ana", StaffClient.PASSWORD).send("POST", "/v1/variants/main/versions/1/approve",
                "{\"reason\":\"airport store\"}"));
        StaffClient.createUser(relay, "bo", Set.of("FR", "DE"), Role.APPROVER, Role.PUBLISHER);
        String id = ok(201, StaffClient.login(relay, "bo", StaffClient.PASSWORD).send("POST", "/v1/plans", "{\"variant\":\"main\","
                + "\"version\":1,\"activate_at\":\"" + Instant.now().plus(1, ChronoUnit.DAYS) + "\",\"targets\":{\"countries\":"
                + "[\"FR\"]},\"reason\":\"French launch\"}")).get("id").textValue();
        String plan = "[data-plan='" + id + "']";

        openApprovals("bo");
        String card = browser.waitForText(By.cssSelector(plan), "You made this plan: another approver for FR must sign it off.");
        assertTrue(card.contains("French launch") && card.contains("FR: missing"), card);
        browser.click(By.cssSelector(plan + " li[data-country='FR'] button"));
        String refusal = confirmInDialog("Sign off", "mine, but fine");
        assertTrue(refusal.contains("made by user:bo, who cannot also sign it off; another approver for FR must"), refusal);
        browser.click(By.xpath("//dialog//button[text()='Cancel']"));
        browser.waitForText(By.cssSelector(plan + " .status"), "who cannot also sign it off");
        browser.click(By.id("logout"));

        openApprovals("cy");
        browser.waitForText(By.id("signoffs-status"), "1 plan waits for sign-off; 0 for a country you approve for.");
        browser.waitForText(By.cssSelector(plan), "You approve for IT, so the relay will refuse.");
        browser.click(By.cssSelector(plan + " li[data-country='FR'] button"));
        refusal = confirmInDialog("Sign off", "looks fine");
        assertTrue(refusal.contains("needs an approver for FR; user 'cy' approves for IT"), refusal);
        browser.click(By.xpath("//dialog//button[text()='Cancel']"));
        assertEquals("AWAITING_SIGNOFF", ok(200, admin.get("/v1/plans/" + id)).get("plan").get("state").textValue());
    }

    @Test
    void aViewerSeesWhatWaitsButCannotDecide() throws Exception {
        ok(202, StaffClient.login(relay, "pat", StaffClient.PASSWORD).send("POST", "/v1/variants/main/publish",
                "{\"reason\":\"German prices\"}"));
        StaffClient.createUser(relay, "vic", Set.of(), Role.VIEWER);
        openApprovals("vic");
        browser.waitForText(By.cssSelector("[data-version='main/1']"), "Deciding needs the approver role; you have viewer.");
        for (var button : browser.driver().findElements(By.cssSelector("[data-version='main/1'] button"))) {
            assertTrue(!button.isEnabled(), button.getText() + " is enabled for a viewer");
        }
    }
}
