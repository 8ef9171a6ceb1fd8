package dev.outpost.relay.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.json.Json;
import dev.outpost.relay.staff.Role;
import dev.outpost.relay.testing.RelayHarness;
import dev.outpost.relay.testing.StaffClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;

/**
 * Every page at laptop (1280x800) and tablet (820x1180) size, with data on it, into target/console-screenshots/ for a
 * person to look at. It checks only that nothing scrolls sideways; the layout itself is judged by eye.
 */
@Tag("integration")
@Tag("browser")
class ConsoleScreenshotsIT {
    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();
    @TempDir
    Path dir;
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
    private RelayHarness relay;

    @BeforeEach
    void start() {
        relay = RelayHarness.start(dir, Map.of("fleet.stale-after", "90s"), now::get);
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    private void both(String page) throws Exception {
        for (var size : Map.of("laptop", ConsoleBrowser.LAPTOP, "tablet", ConsoleBrowser.TABLET).entrySet()) {
            Path file = browser.screenshot(page + "-" + size.getKey(), size.getValue());
            assertTrue(Files.size(file) > 1000, file.toString());
            assertNoSidewaysScroll(page, size.getValue());
        }
        browser.driver().manage().window().setSize(ConsoleBrowser.LAPTOP);
    }

    private void assertNoSidewaysScroll(String page, Dimension size) {
        Object overflow = browser.driver().executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertEquals(0L, ((Number) overflow).longValue(), page + " scrolls sideways at " + size);
    }

    @Test
    void everyPageAtLaptopAndTabletSize() throws Exception {
        StaffClient admin = StaffClient.admin(relay);
        relay.send("POST", "/v1/sites/store-0001/heartbeat", FleetPageIT.heartbeat("store-0001", "1.4.1"));
        now.set(now.get().plusSeconds(200)); // store-0001 goes stale
        relay.send("POST", "/v1/sites/mall-0001/heartbeat", FleetPageIT.heartbeat("mall-0001", "1.4.2"));
        now.set(now.get().plusSeconds(45));
        relay.send("POST", "/v1/sites/store-0002/heartbeat", FleetPageIT.heartbeat("store-0002", "1.4.2"));
        now.set(now.get().plusSeconds(3));

        browser.open(relay, "/login.html");
        both("login");
        browser.login(relay, "admin", StaffClient.PASSWORD);
        browser.waitForText(By.id("fleet-status"), "3 sites (1 stale)");
        both("fleet");

        browser.click(By.linkText("Audit"));
        browser.click(By.id("verify"));
        browser.waitForText(By.id("verify-result"), "Chain intact");
        browser.waitForText(By.id("search-status"), "records");
        both("audit");

        browser.click(By.linkText("Devices"));
        browser.fill(By.id("site"), "store-0042");
        browser.fill(By.id("issue-reason"), "new store opens Monday");
        browser.click(By.cssSelector("#issue button[type=submit]"));
        browser.waitForText(By.cssSelector("#issue-audit .audit-record"), "device.enrollment-token.issued");
        both("devices");
        browser.click(By.cssSelector("#certs button[data-serial]"));
        browser.visible(By.cssSelector("dialog[open] textarea"));
        both("devices-revoke-dialog");
        browser.click(By.xpath("//dialog//button[text()='Cancel']"));

        browser.click(By.linkText("Users"));
        browser.fill(By.id("new-username"), "fr-approver");
        browser.fill(By.id("new-password"), "a long enough password");
        browser.click(By.id("role-approver"));
        browser.fill(By.id("new-jurisdictions"), "FR");
        browser.fill(By.id("create-reason"), "FR sign-offs");
        browser.click(By.cssSelector("#create button[type=submit]"));
        browser.waitForText(By.cssSelector("#created .audit-record"), "staff.user.created");
        both("users");

        // a mall with two sites holding blocks and people inside, seen by a safety officer who cuts capacity, then FIRE
        StaffClient.createUser(relay, "sam", Set.of(), Role.SAFETY_OFFICER);
        assertEquals(201, admin.send("POST", "/v1/malls", "{\"id\":\"mall-riverside\",\"capacity\":120,"
                + "\"sites\":[\"riverside-north\",\"riverside-south\"],\"reason\":\"opening day\"}").statusCode());
        String lease = lease("riverside-north", 40);
        lease("riverside-south", 25);
        assertEquals(200, relay.send("POST", "/v1/sites/riverside-north/blocks/" + lease + "/reconcile", "{\"idempotency_key\":\""
                + UUID.randomUUID() + "\",\"lease_id\":\"" + lease + "\",\"mall_id\":\"mall-riverside\",\"holder_id\":"
                + "\"riverside-north\",\"used\":38,\"exited\":6,\"recounts\":0,\"pre_exited\":0}").statusCode());
        MallsPageIT.gateEvents(relay, now.get(), "mall-riverside", "riverside-north", "gate-n1", "gate.admit", "GATE_LEASE",
                "gate.admit", "GATE_LEASE", "gate.admit", "GATE_LEASE", "gate.exit", null, "gate.reject", "CENTRAL");
        MallsPageIT.gateEvents(relay, now.get(), "mall-riverside", "riverside-south", "gate-s1", "gate.admit", "SITE_BLOCK",
                "gate.reject", "FALLBACK", "gate.exit", null, "gate.exit", null);
        browser.click(By.id("logout"));
        browser.login(relay, "sam", StaffClient.PASSWORD);
        browser.click(By.linkText("Malls"));
        browser.waitForText(By.id("live-state"), "live");
        browser.waitForText(By.id("count"), "32 people");
        browser.fill(By.id("new-capacity"), "50"); // below 32 inside + 33 leased out
        browser.fill(By.id("capacity-reason"), "fire marshal: east wing closed for repairs");
        browser.click(By.id("capacity-submit"));
        browser.waitForText(By.cssSelector("#capacity-audit .audit-record"), "occupancy.capacity.changed");
        browser.waitForText(By.id("over-bound"), "above capacity");
        browser.driver().executeScript("window.scrollTo(0, 0);");
        both("malls");
        browser.driver().executeScript("document.getElementById('chart-title').scrollIntoView();");
        both("malls-chart-history");
        browser.waitForText(By.cssSelector("#gates tr[data-gate='riverside-south/gate-s1']"), "site block 1");
        browser.driver().executeScript("document.getElementById('gates-title').scrollIntoView();");
        both("malls-gates");
        browser.click(By.cssSelector("button[data-mode='FIRE']"));
        browser.visible(By.cssSelector("dialog[open] textarea")).sendKeys("fire panel: loop 3 open");
        both("malls-fire-dialog");
        browser.click(By.xpath("//dialog//button[text()='Set FIRE']"));
        browser.waitForText(By.id("state"), "UNKNOWN");
        browser.waitForText(By.cssSelector("#mode-audit .audit-record"), "occupancy.mode.changed");
        browser.driver().executeScript("window.scrollTo(0, 0);");
        both("malls-fire");
    }

    @Test
    void theMenuPagesAtLaptopAndTabletSize() throws Exception {
        StaffClient admin = StaffClient.admin(relay);
        MenusPageIT.stores(relay, admin);
        StaffClient.createUser(relay, "pat", Set.of(), Role.PUBLISHER);
        StaffClient pat = StaffClient.login(relay, "pat", StaffClient.PASSWORD);
        MenusPageIT.variant(pat);
        MenusPageIT.ok(201, pat.send("POST", "/v1/variants/main/publish", "{\"reason\":\"launch\"}"));
        MenusPageIT.layer(pat, "country:FR", MenusPageIT.FRANCE.replace("949", "999"));
        MenusPageIT.layer(pat, "country:DE", "{\"items\": {\"fries\": {\"price\": {\"amount_minor\": 2990}}}}");
        MenusPageIT.ok(202, pat.send("POST", "/v1/variants/main/publish", "{\"reason\":\"new prices\"}"));
        StaffClient.createUser(relay, "pia", Set.of("FR", "DE"), Role.PUBLISHER, Role.APPROVER);

        browser.login(relay, "pia", StaffClient.PASSWORD);
        browser.click(By.linkText("Menus"));
        browser.waitForText(By.cssSelector("#versions tr[data-version='2']"), "HELD");
        both("menus");
        browser.click(By.cssSelector("#layers tr[data-scope='country:FR'] button"));
        browser.waitForText(By.id("layer-view"), "Grand Burger");
        browser.driver().executeScript("document.getElementById('editor-title').scrollIntoView();");
        both("menus-editor");
        browser.click(By.cssSelector("#simulate-form button[type=submit]")); // the first store: store-de-1
        browser.waitForText(By.cssSelector(".diff[data-locale='en-GB']"), "Price changed");
        browser.driver().executeScript("document.getElementById('simulate-title').scrollIntoView();");
        both("menus-simulate");

        // a staged plan signed off for FR, and a store-local one waiting for FR and DE
        String staged = MenusPageIT.ok(201, pat.send("POST", "/v1/plans", "{\"variant\":\"main\",\"version\":1,\"activate_at\":\""
                + now.get().plus(1, ChronoUnit.DAYS) + "\",\"targets\":{\"countries\":[\"FR\"]},\"stages\":[10,50,100],"
                + "\"reason\":\"French launch\"}")).get("id").textValue();
        MenusPageIT.ok(200, StaffClient.login(relay, "pia", StaffClient.PASSWORD).send("POST", "/v1/plans/" + staged + "/signoff",
                "{\"country\":\"FR\",\"reason\":\"checked\"}"));
        MenusPageIT.ok(201, pat.send("POST", "/v1/plans", "{\"variant\":\"main\",\"version\":1,\"activate_local\":\""
                + LocalDate.now().plusDays(3) + "T06:00\",\"reason\":\"breakfast everywhere\"}"));
        browser.click(By.linkText("Plans"));
        browser.waitForText(By.id("plans-status"), "2 plans");
        browser.click(By.cssSelector("[data-plan='" + staged + "'] summary"));
        browser.waitForText(By.cssSelector("[data-plan='" + staged + "'] table"), "store-fr-1");
        both("plans");
        browser.driver().executeScript("document.getElementById('schedule-title').scrollIntoView();");
        both("plans-schedule");
        browser.driver().executeScript("document.getElementById('poison-title').scrollIntoView();");
        both("plans-poison");

        browser.click(By.linkText("Approvals"));
        browser.waitForText(By.cssSelector("[data-version='main/2']"), "HELD");
        both("approvals");
        browser.waitForText(By.id("signoffs-status"), "1 plan waits for sign-off");
        browser.driver().executeScript("document.getElementById('signoffs-title').scrollIntoView();");
        both("approvals-signoffs");
        MenusPageIT.ok(200, pat.send("PUT", "/v1/channels/web", """
                {"kind": "website", "variant": "main", "site": "store-fr-1", "locale": "fr-FR", "price_unit": "display",
                 "description_cap": 40, "fields": ["name", "price"], "template": "{name} — {price}", "reason": "site"}"""));
        MenusPageIT.ok(200, pat.send("POST", "/v1/channel-runs", "{\"reason\":\"screenshots\"}"));
        browser.click(By.linkText("Channels"));
        browser.waitForText(By.id("channels-status"), "1 channel.");
        both("channels");
        browser.click(By.linkText("Stores"));
        browser.waitForText(By.id("stores-status"), "3 stores.");
        both("stores");
    }

    private String lease(String site, int tokens) throws Exception {
        HttpResponse<String> response = relay.send("POST", "/v1/sites/" + site + "/blocks", "{\"idempotency_key\":\""
                + UUID.randomUUID() + "\",\"mall_id\":\"mall-riverside\",\"holder_id\":\"" + site + "\",\"tokens\":"
                + tokens + ",\"ttl\":\"PT60S\",\"recounts\":0}");
        assertEquals(200, response.statusCode(), response.body());
        return Json.tree(response.body()).get("lease_id").asText();
    }
}
