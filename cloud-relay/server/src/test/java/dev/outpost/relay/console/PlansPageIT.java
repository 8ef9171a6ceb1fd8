package dev.outpost.relay.console;

import static dev.outpost.relay.console.MenusPageIT.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.relay.staff.Role;
import dev.outpost.relay.testing.RelayHarness;
import dev.outpost.relay.testing.StaffClient;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
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
import org.openqa.selenium.support.ui.Select;

/**
 * The Plans page with the Approvals page's sign-offs: a publisher schedules a plan (a refused field shown where it
 * is), an approver for its country signs it off with a reason, and the publisher pauses, resumes, advances and
 * aborts it; a rollback, a poison with its safe version (and a refused one), and a store-local plan shown per store.
 */
@Tag("integration")
@Tag("browser")
class PlansPageIT {
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
        StaffClient pat = StaffClient.login(relay, "pat", StaffClient.PASSWORD);
        publishTwoVersions(pat);
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    /** Variant {@code main}, published as v1 and (with a dearer French burger) as v2. */
    static void publishTwoVersions(StaffClient publisher) throws Exception {
        MenusPageIT.variant(publisher);
        ok(201, publisher.send("POST", "/v1/variants/main/publish", "{\"reason\":\"launch\"}"));
        MenusPageIT.layer(publisher, "country:FR", MenusPageIT.FRANCE.replace("949", "999"));
        ok(201, publisher.send("POST", "/v1/variants/main/publish", "{\"reason\":\"new French prices\"}"));
    }

    private void openPlans(String username) {
        browser.login(relay, username, StaffClient.PASSWORD);
        browser.click(By.linkText("Plans"));
        browser.waitForText(By.id("plans-status"), "plan");
        browser.waitForText(By.id("plan-version"), "v2");
    }

    private String newestPlanId() throws Exception {
        return ok(200, admin.get("/v1/plans")).get("plans").get(0).get("id").textValue();
    }

    private String plan(String id) {
        return "[data-plan='" + id + "']";
    }

    /** Presses a plan's step button, gives the reason in its dialog and confirms; returns the action's status line. */
    private String step(String id, String step, String confirm, String reason, String expected) {
        browser.click(By.cssSelector(plan(id) + " button[data-step='" + step + "']"));
        browser.visible(By.cssSelector("dialog[open] textarea")).sendKeys(reason);
        browser.click(By.xpath("//dialog//button[text()='" + confirm + "']"));
        return browser.waitForText(By.id("action-status"), expected);
    }

    @Test
    void aPlanIsScheduledSignedOffFromApprovalsThenPausedResumedAdvancedAndAborted() throws Exception {
        openPlans("pat");
        browser.waitForText(By.id("plans-status"), "No plans yet.");
        new Select(browser.visible(By.id("plan-version"))).selectByValue("2");
        Instant at = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);
        browser.pick("plan-at", LocalDateTime.ofInstant(at, ZoneId.systemDefault()).toString());
        browser.waitForText(By.id("plan-at-hint"), "In UTC: " + LocalDateTime.ofInstant(at, ZoneOffset.UTC).toString()
                .replace("T", " "));
        browser.fill(By.id("plan-countries"), "fr");
        browser.waitForText(By.id("plan-targets-match"), "Matches 2 stores now: store-fr-1, store-fr-2. Needs a sign-off for FR.");
        browser.fill(By.id("plan-stages"), "50, 10");
        browser.fill(By.id("plan-reason"), "lunch menu for France");
        browser.click(By.id("plan-save"));
        browser.waitForText(By.id("plan-stages-error"), "Refused by the relay: plan.stages: percents from 1 to 100, each above"
                + " the one before, was [50, 10]");
        assertEquals("true", browser.driver().findElement(By.id("plan-stages")).getAttribute("aria-invalid"));
        assertEquals("plan-stages", browser.driver().switchTo().activeElement().getAttribute("id"));
        assertEquals(0, ok(200, admin.get("/v1/plans")).get("plans").size());

        browser.fill(By.id("plan-stages"), "50, 100");
        browser.click(By.id("plan-save"));
        browser.waitForText(By.id("plan-status"), "Scheduled main v2: AWAITING_SIGNOFF, waiting for sign-off for FR");
        assertEquals("", browser.driver().findElement(By.id("plan-stages-error")).getText());
        String created = browser.waitForText(By.cssSelector("#plan-audit .audit-record"), "plan.created");
        assertTrue(created.contains("user:pat") && created.contains("lunch menu for France"), created);
        String id = newestPlanId();
        String card = browser.waitForText(By.cssSelector(plan(id)), "AWAITING_SIGNOFF");
        assertTrue(card.contains("FR: missing") && card.contains("50% — current stage") && card.contains("countries FR")
                && card.contains("user:pat"), card);
        browser.click(By.id("logout"));

        browser.login(relay, "ana", StaffClient.PASSWORD);
        browser.click(By.linkText("Approvals"));
        browser.waitForText(By.id("signoffs-status"), "1 plan waits for sign-off; 1 for a country you approve for.");
        String waiting = browser.waitForText(By.cssSelector(plan(id)), "lunch menu for France");
        assertTrue(waiting.contains("Plan main v2") && waiting.contains("Sign off FR"), waiting);
        browser.click(By.cssSelector(plan(id) + " li[data-country='FR'] button"));
        browser.visible(By.cssSelector("dialog[open] textarea")).sendKeys("French regulator: menu checked");
        browser.click(By.xpath("//dialog//button[text()='Sign off']"));
        browser.waitForText(By.id("signed-status"), "main v2 is signed off for FR: ACTIVE.");
        String signed = browser.waitForText(By.cssSelector("#signed .audit-record"), "plan.signed-off");
        assertTrue(signed.contains("plan:" + id) && signed.contains("user:ana") && signed.contains("FR: French regulator: menu checked"),
                signed);
        browser.waitForText(By.id("signoffs-status"), "No plan waits for sign-off.");
        browser.click(By.id("logout"));

        openPlans("pat");
        card = browser.waitForText(By.cssSelector(plan(id)), "ACTIVE");
        assertTrue(card.contains("FR: signed off by user:ana"), card);
        step(id, "pause", "Pause plan", "complaints from store-fr-2", "main v2 is PAUSED");
        String paused = browser.waitForText(By.cssSelector("#action-audit .audit-record"), "plan.paused");
        assertTrue(paused.contains("complaints from store-fr-2"), paused);
        browser.waitForText(By.cssSelector(plan(id) + " .state"), "PAUSED");
        step(id, "resume", "Resume plan", "complaints answered", "main v2 is ACTIVE, at stage 1 of 2 (50%).");
        browser.waitForText(By.cssSelector("#action-audit .audit-record"), "plan.resumed");
        step(id, "advance", "Advance plan", "first stores are fine", "main v2 is ACTIVE, at stage 2 of 2 (100%).");
        browser.waitForText(By.cssSelector(plan(id) + " li[aria-current='step']"), "100% — current stage");
        // neither store has ever sent a heartbeat: both offline, as the relay's progress says
        String offline = browser.waitForText(By.cssSelector(plan(id) + " dd[data-progress='offline']"), "2 of 2");
        assertTrue(offline.contains("store-fr-1, store-fr-2"), offline);
        assertEquals("0 of 2", browser.driver().findElement(By.cssSelector(plan(id) + " dd[data-progress='committed']"))
                .getText().trim());
        browser.click(By.cssSelector(plan(id) + " summary"));
        browser.waitForText(By.cssSelector(plan(id) + " tr[data-site='store-fr-2']"), "yes (bucket");
        step(id, "abort", "Abort plan", "wrong prices after all", "main v2 is ABORTED");
        String aborted = browser.waitForText(By.cssSelector("#action-audit .audit-record"), "plan.aborted");
        assertTrue(aborted.contains("plan:" + id) && aborted.contains("wrong prices after all"), aborted);
        browser.waitForText(By.cssSelector(plan(id) + " .state"), "ABORTED");
        assertTrue(browser.driver().findElements(By.cssSelector(plan(id) + " button[data-step]")).isEmpty());
        assertEquals("ABORTED", ok(200, admin.get("/v1/plans/" + id)).get("plan").get("state").textValue());
    }

    @Test
    void aRollbackAPoisonWithItsSafeVersionARefusedPoisonAndAStoreLocalPlan() throws Exception {
        openPlans("pat");
        browser.waitForText(By.cssSelector("#poisons"), "No version is poisoned.");

        new Select(browser.visible(By.id("rollback-version"))).selectByValue("1");
        browser.fill(By.id("rollback-stores"), "store-de-1");
        browser.waitForText(By.id("rollback-targets-match"), "Matches 1 store now: store-de-1.");
        browser.fill(By.id("rollback-reason"), "v2 breaks the Berlin board");
        browser.click(By.id("rollback-save"));
        browser.waitForText(By.id("rollback-status"), "Rolled back: main v1 (rollback) is live now on the matching stores.");
        browser.waitForText(By.cssSelector("#rollback-audit .audit-record"), "plan.rollback");
        String rollback = browser.waitForText(By.cssSelector(plan(newestPlanId())), "ACTIVE");
        assertTrue(rollback.contains("None needed: a rollback is live at once.") && rollback.contains("stores store-de-1"), rollback);

        new Select(browser.visible(By.id("poison-version"))).selectByValue("1");
        assertEquals("2", browser.driver().findElement(By.id("poison-safe")).getAttribute("value"));
        browser.fill(By.id("poison-reason"), "v1 lists the fries without their allergens");
        browser.click(By.id("poison-save"));
        browser.waitForText(By.id("poison-status"), "main v1 is poisoned: v2 shows wherever it would.");
        String record = browser.waitForText(By.cssSelector("#poison-audit .audit-record"), "menu.poisoned");
        assertTrue(record.contains("variant:main/v1") && record.contains("v1 lists the fries without their allergens"), record);
        String row = browser.waitForText(By.cssSelector("#poisons tr[data-poison='main/1']"), "v2");
        assertTrue(row.contains("user:pat"), row);

        // v1 is gone from the choices; v2 cannot stand in for itself
        browser.waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#poison-version option"), 1));
        browser.fill(By.id("poison-reason"), "just in case");
        browser.click(By.id("poison-save"));
        browser.waitForText(By.id("poison-safe-error"), "Refused by the relay: poison: the safe version must differ from the"
                + " poisoned one (2)");
        assertEquals("poison-safe", browser.driver().switchTo().activeElement().getAttribute("id"));

        browser.click(By.id("plan-kind-local"));
        browser.fill(By.id("plan-reason"), "breakfast everywhere at six");
        browser.click(By.id("plan-save"));
        browser.waitForText(By.id("plan-activation-error"), "Pick the date and time it goes live.");
        String day = LocalDate.now().plusDays(2).toString();
        browser.pick("plan-at", day + "T06:00");
        browser.waitForText(By.id("plan-at-hint"), "each switch at 06:00 their time");
        browser.click(By.id("plan-save"));
        browser.waitForText(By.id("plan-status"), "Scheduled main v2: AWAITING_SIGNOFF, waiting for sign-off for DE, FR");
        String id = newestPlanId();
        String card = browser.waitForText(By.cssSelector(plan(id)), "store-local time: in each store's own time zone");
        assertTrue(card.contains("06:00") && card.contains("every store in the directory"), card);
        browser.click(By.cssSelector(plan(id) + " summary"));
        assertTrue(browser.waitForText(By.cssSelector(plan(id) + " tr[data-site='store-fr-1']"), "(Europe/Paris)").contains("06:00:00"));
        assertTrue(browser.waitForText(By.cssSelector(plan(id) + " tr[data-site='store-de-1']"), "(Europe/Berlin)").contains("06:00:00"));
    }
}
