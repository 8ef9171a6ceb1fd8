package dev.outpost.relay.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.event.EventBatch;
import dev.outpost.api.event.EventEnvelope;
import dev.outpost.api.event.UuidV7;
import dev.outpost.api.json.Json;
import dev.outpost.relay.staff.Role;
import dev.outpost.relay.testing.RelayHarness;
import dev.outpost.relay.testing.StaffClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The Malls page: live occupancy over server-sent events (with each gate's last minute), mode changes with a
 * confirmation dialog, the recount FIRE requires, capacity changes with their history; every change shows its audit
 * record, and only safety officers may press anything.
 */
@Tag("integration")
@Tag("browser")
class MallsPageIT {
    static final String MALL = "mall-1";

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
        HttpResponse<String> created = api.send("POST", "/v1/malls",
                "{\"id\":\"" + MALL + "\",\"capacity\":10,\"sites\":[\"s-1\",\"s-2\"],\"reason\":\"opening day\"}");
        assertEquals(201, created.statusCode(), created.body());
        StaffClient.createUser(relay, "sam", Set.of(), Role.SAFETY_OFFICER);
        StaffClient.createUser(relay, "ada", Set.of(), Role.SAFETY_OFFICER);
        StaffClient.createUser(relay, "vic", Set.of(), Role.VIEWER);
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    private void openAs(String username) {
        browser.login(relay, username, StaffClient.PASSWORD);
        browser.click(By.linkText("Malls"));
        browser.waitForText(By.id("live-state"), "live");
        browser.waitForText(By.id("capacity"), "people");
    }

    private String acquire(String site, int tokens) throws Exception {
        HttpResponse<String> response = relay.send("POST", "/v1/sites/" + site + "/blocks", "{\"idempotency_key\":\""
                + UUID.randomUUID() + "\",\"mall_id\":\"" + MALL + "\",\"holder_id\":\"" + site + "\",\"tokens\":" + tokens
                + ",\"ttl\":\"PT60S\",\"recounts\":0}");
        assertEquals(200, response.statusCode(), response.body());
        return Json.tree(response.body()).get("lease_id").asText();
    }

    private void reconcile(String site, String lease, int used, int exited) throws Exception {
        HttpResponse<String> response = relay.send("POST", "/v1/sites/" + site + "/blocks/" + lease + "/reconcile",
                "{\"idempotency_key\":\"" + UUID.randomUUID() + "\",\"lease_id\":\"" + lease + "\",\"mall_id\":\"" + MALL
                        + "\",\"holder_id\":\"" + site + "\",\"used\":" + used + ",\"exited\":" + exited
                        + ",\"recounts\":0,\"pre_exited\":0}");
        assertEquals(200, response.statusCode(), response.body());
    }

    /**
     * Events of {@code gate} that happened {@code at}, sent through {@code site} as its gate controller writes them:
     * type, source (or null) pairs.
     */
    static void gateEvents(RelayHarness relay, Instant at, String mall, String site, String gate, String... typeAndSource)
            throws Exception {
        UuidV7 ids = new UuidV7(InstantSource.fixed(at));
        List<EventEnvelope> events = new ArrayList<>();
        for (int i = 0; i < typeAndSource.length; i += 2) {
            String source = typeAndSource[i + 1] == null ? "" : ",\"source\":\"" + typeAndSource[i + 1] + "\"";
            events.add(new EventEnvelope(ids.next(), site, gate, typeAndSource[i], at, i,
                    Json.tree("{\"mall_id\":\"" + mall + "\",\"gate_id\":\"" + gate + "\"" + source + "}")));
        }
        HttpResponse<String> response = relay.send("POST", "/v1/sites/" + site + "/events", Json.writeString(new EventBatch(events)));
        assertEquals(200, response.statusCode(), response.body());
    }

    private JsonNode audit(String action) throws Exception {
        return Json.tree(api.get("/v1/audit?action=" + action).body()).path("records");
    }

    private String text(String id) {
        return browser.driver().findElement(By.id(id)).getText();
    }

    private boolean enabled(By locator) {
        return browser.driver().findElement(locator).isEnabled();
    }

    /** Clicks a mode button, checks its dialog, gives the reason and confirms; waits until the dialog is gone. */
    private String changeMode(String mode, String reason) {
        browser.click(By.cssSelector("button[data-mode='" + mode + "']"));
        String dialog = browser.visible(By.cssSelector("dialog[open]")).getText();
        browser.waiting().until(d -> "textarea".equals(d.switchTo().activeElement().getTagName()));
        browser.driver().switchTo().activeElement().sendKeys(reason);
        browser.click(By.xpath("//dialog//button[text()='Set " + mode + "']"));
        browser.waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("dialog"), 0));
        return dialog;
    }

    @Test
    void theLiveCountFollowsTheSitesBlocksWithoutAReload() throws Exception {
        openAs("sam");
        assertEquals("0 people", text("count"));
        assertEquals("10 people", text("capacity"));
        assertEquals("KNOWN", text("state"));
        browser.driver().executeScript("window.outpostMarker = 'same page';");

        String lease = acquire("s-1", 4);
        browser.waitForText(By.id("leased"), "4 places");
        browser.waitForText(By.id("free"), "6 places");
        String block = browser.waitForText(By.cssSelector("#blocks tr[data-site='s-1']"), "4 places");
        assertTrue(block.startsWith("s-1"), block);

        reconcile("s-1", lease, 3, 0); // 3 admitted: they move from the block into the count
        browser.waitForText(By.id("count"), "3 people");
        browser.waitForText(By.id("chart-text"), "now 3 people of 10 people");
        assertTrue(browser.driver().findElements(By.cssSelector("#chart path.chart-count")).size() == 1, "the chart is drawn");
        assertEquals("same page", browser.driver().executeScript("return window.outpostMarker;"), "no reload happened");
        assertEquals("● live", text("live-state"));
    }

    @Test
    void aGateAppearsWithItsLastMinuteOnceItsEventsArrive() throws Exception {
        openAs("vic");
        browser.waitForText(By.id("gates"), "No gate has sent an event through its site yet.");
        gateEvents(relay, InstantSource.system().instant(), MALL, "s-1", "g-1",
                "gate.admit", "GATE_LEASE", "gate.admit", "GATE_LEASE", "gate.reject", "FALLBACK", "gate.exit", null);
        browser.waitForText(By.cssSelector("#gates tr[data-gate='s-1/g-1']"), "gate lease 2");
        List<String> cells = browser.driver().findElements(By.cssSelector("#gates tr[data-gate='s-1/g-1'] > *")).stream()
                .map(WebElement::getText).toList();
        assertEquals(List.of("s-1", "g-1", "2", "1", "1", "gate lease 2, fallback 1"), cells.subList(0, 6));
        assertTrue(cells.get(6).matches(".*\\d\\d:\\d\\d:\\d\\d.*"), "the last event's time: " + cells.get(6));
    }

    @Test
    void aCapacityCutWithAReasonShowsTheNewCapacityTheBoundTheHistoryAndTheAuditRecord() throws Exception {
        acquire("s-1", 6);
        openAs("sam");
        browser.waitForText(By.id("leased"), "6 places");

        browser.fill(By.id("new-capacity"), "4");
        browser.fill(By.id("capacity-reason"), "   ");
        browser.click(By.id("capacity-submit"));
        browser.waitForText(By.id("capacity-status"), "A reason is required: say why you are doing this.");
        assertEquals("true", browser.driver().findElement(By.id("capacity-reason")).getAttribute("aria-invalid"));
        assertEquals(0, audit("occupancy.capacity.changed").size(), "a blank reason changes nothing");

        browser.fill(By.id("capacity-reason"), "fire marshal: east wing closed");
        browser.click(By.id("capacity-submit"));
        browser.waitForText(By.id("capacity-status"), "Capacity is now 4 people (was 10 people). Over-admission bound: 2 people.");
        browser.waitForText(By.id("capacity"), "4 people");
        browser.waitForText(By.id("over-bound"), "up to 2 people above capacity");
        String row = browser.waitForText(By.cssSelector("#history tr[data-seq='2']"), "10 people → 4 people");
        assertTrue(row.contains("EFFECTIVE") && row.contains("user:sam") && row.contains("fire marshal: east wing closed"), row);
        String record = browser.waitForText(By.cssSelector("#capacity-audit .audit-record"), "occupancy.capacity.changed");
        JsonNode stored = audit("occupancy.capacity.changed").get(0);
        assertTrue(record.contains("Capacity changed — audit record #" + stored.path("seq").asLong()), record);
        assertTrue(record.contains("user:sam") && record.contains("mall:" + MALL) && record.contains("fire marshal: east wing closed"), record);
    }

    @Test
    void aLargeRiseWaitsForASecondSafetyOfficerWhoApprovesIt() throws Exception {
        openAs("sam");
        browser.fill(By.id("new-capacity"), "15");
        browser.fill(By.id("capacity-reason"), "new wing opens");
        browser.click(By.id("capacity-submit"));
        browser.waitForText(By.id("capacity-status"), "awaiting a second safety officer");
        String pending = browser.waitForText(By.cssSelector("#pending [data-seq='2']"), "Awaiting a second safety officer");
        assertTrue(pending.contains("You asked for it"), pending);
        assertTrue(browser.driver().findElements(By.id("approve-2")).isEmpty(), "the one who asked cannot approve");
        browser.waitForText(By.cssSelector("#capacity-audit .audit-record"), "occupancy.capacity.requested");
        assertEquals("10 people", text("capacity"));

        browser.click(By.id("logout"));
        openAs("ada");
        browser.click(By.id("approve-2"));
        browser.visible(By.cssSelector("dialog[open]"));
        browser.driver().switchTo().activeElement().sendKeys("checked the permit");
        browser.click(By.xpath("//dialog//button[text()='Approve']"));
        browser.waitForText(By.id("capacity"), "15 people");
        String record = browser.waitForText(By.cssSelector("#capacity-audit .audit-record"), "occupancy.capacity.changed");
        assertTrue(record.contains("user:ada") && record.contains("checked the permit"), record);
        String row = browser.waitForText(By.cssSelector("#history tr[data-seq='2']"), "EFFECTIVE");
        assertTrue(row.contains("user:sam") && row.contains("user:ada") && row.contains("10 people → 15 people"), row);
        browser.waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#pending [data-seq]"), 0));
    }

    @Test
    void fireNeedsConfirmationLeavesTheCountUnknownUntilARecountThenNormalIsAllowedAgain() throws Exception {
        acquire("s-1", 4);
        openAs("sam");

        browser.click(By.cssSelector("button[data-mode='FIRE']"));
        browser.visible(By.cssSelector("dialog[open]"));
        browser.click(By.xpath("//dialog//button[text()='Cancel']"));
        browser.waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("dialog"), 0));
        assertEquals("NORMAL", text("mode"), "cancelled: nothing changed");

        String dialog = changeMode("FIRE", "fire panel: loop open");
        assertTrue(dialog.contains("Admissions stay suspended until someone recounts"), dialog);
        browser.waitForText(By.id("state"), "UNKNOWN — recount required");
        assertEquals("FIRE", text("mode"));
        assertEquals("UNKNOWN", text("count"));
        String alarm = browser.visible(By.id("unknown")).getText();
        assertTrue(alarm.startsWith("Occupancy UNKNOWN — recount required."), alarm);
        String record = browser.waitForText(By.cssSelector("#mode-audit .audit-record"), "occupancy.mode.changed");
        assertTrue(record.contains("fire panel: loop open") && record.contains("user:sam"), record);
        assertEquals("Recount required", text("recount-title"));
        assertTrue(browser.driver().findElement(By.id("recount-panel")).getAttribute("class").contains("urgent"));
        assertFalse(enabled(By.cssSelector("button[data-mode='NORMAL']")), "NORMAL waits for the recount");
        assertEquals("recount-count", browser.driver().switchTo().activeElement().getAttribute("id"), "focus goes to the recount");

        // s-1, which holds places, last reported two minutes ago: the recount waits for it unless forced
        relay.relay().store().inTransaction("s-1 falls silent", tx -> tx.update(
                "UPDATE occupancy_block SET reported_ms = reported_ms - 120000 WHERE site_id = 's-1'"));
        browser.fill(By.id("recount-count"), "0");
        browser.fill(By.id("recount-reason"), "headcount at the doors: empty");
        browser.click(By.cssSelector("#recount button[type=submit]"));
        browser.waitForText(By.id("recount-status"), "recount refused: site s-1 holds a block and was last heard from ");
        assertEquals("UNKNOWN — recount required", text("state"), "refused: nothing changed");
        browser.click(By.id("recount-force"));
        browser.click(By.cssSelector("#recount button[type=submit]"));
        browser.waitForText(By.id("recount-status"), "Count set to 0 people; it is KNOWN again.");
        browser.waitForText(By.cssSelector("#blocks tr[data-site='s-1']"), "not since the last recount");
        browser.waitForText(By.cssSelector("#recount-audit .audit-record"), "occupancy.recounted");
        browser.waitForText(By.id("state"), "KNOWN");
        assertTrue(browser.driver().findElement(By.id("unknown")).getAttribute("hidden") != null, "the alarm is gone");
        browser.waiting().until(d -> d.findElement(By.cssSelector("button[data-mode='NORMAL']")).isEnabled());

        changeMode("NORMAL", "panel reset, all clear");
        browser.waitForText(By.id("mode"), "NORMAL");
        browser.waitForText(By.cssSelector("#mode-audit .audit-record"), "panel reset, all clear");
        assertEquals(2, audit("occupancy.mode.changed").size());
        assertEquals("NORMAL", Json.tree(api.get("/v1/malls/" + MALL + "/occupancy").body()).get("mode").asText());
    }

    @Test
    void aViewerSeesTheLiveViewButNoEnabledActionAndIsToldWhy() {
        openAs("vic");
        browser.waitForText(By.id("count"), "0 people");
        browser.waitForText(By.id("mode-why"), "Changes need the safety-officer role; you have viewer.");
        browser.waitForText(By.id("capacity-why"), "Changes need the safety-officer role; you have viewer.");
        var buttons = browser.driver().findElements(By.cssSelector("#mall-page button"));
        assertTrue(buttons.size() >= 6, "mode, recount and capacity buttons: " + buttons.size());
        for (WebElement button : buttons) {
            assertFalse(button.isEnabled(), button.getText() + " is enabled for a viewer");
        }
        assertEquals("mode-why", browser.driver().findElement(By.cssSelector("button[data-mode='FIRE']")).getAttribute("aria-describedby"));
    }
}
