package dev.outpost.relay.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.json.Json;
import dev.outpost.relay.staff.Role;
import dev.outpost.relay.testing.RelayHarness;
import dev.outpost.relay.testing.StaffClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * The Menus page: a publisher creates a variant, uploads a layer and sees the relay's refusal at the editor, fixes
 * it, simulates for a store (prices in their currency, allergens, kcal), publishes and sees the audit record; a diff
 * against what the store shows now; a menu that cannot be shown lists each problem at its path.
 */
@Tag("integration")
@Tag("browser")
class MenusPageIT {
    /** A whole menu, as a global layer's document. */
    static final String GLOBAL = """
            {"currency": "EUR", "locales": ["en-GB"],
             "categories": {"burgers": {"names": {"en-GB": "Burgers"}, "sort": 1},
                            "sides": {"names": {"en-GB": "Sides"}, "sort": 2}},
             "items": {
               "big-burger": {"names": {"en-GB": "Big Burger"}, "price": {"amount_minor": 899, "currency": "EUR"},
                 "category": "burgers", "allergens": {"contains": ["milk", "cereals_gluten"], "may_contain": ["sesame"]},
                 "calories": 540},
               "fries": {"names": {"en-GB": "Fries"}, "price": {"amount_minor": 299, "currency": "EUR"},
                 "category": "sides", "allergens": {"contains": [], "may_contain": []}, "calories": 320}}}""";
    static final String FRANCE = """
            {"locales": ["en-GB", "fr-FR"],
             "categories": {"burgers": {"names": {"fr-FR": "Burgers"}}, "sides": {"names": {"fr-FR": "Accompagnements"}}},
             "items": {"big-burger": {"names": {"fr-FR": "Grand Burger"}, "price": {"amount_minor": 949}},
                       "fries": {"names": {"fr-FR": "Frites"}}}}""";

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
        stores(relay, admin);
        StaffClient.createUser(relay, "pat", Set.of(), Role.PUBLISHER);
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    /** Two French stores and a German one, all in region EU. */
    static void stores(RelayHarness relay, StaffClient admin) throws Exception {
        for (String[] s : new String[][] {{"store-fr-1", "FR", "Europe/Paris"}, {"store-fr-2", "FR", "Europe/Paris"},
                {"store-de-1", "DE", "Europe/Berlin"}}) {
            ok(200, admin.send("PUT", "/v1/stores/" + s[0], "{\"region\":\"EU\",\"country\":\"" + s[1] + "\",\"zone\":\""
                    + s[2] + "\",\"reason\":\"new store\"}"));
        }
    }

    /** Variant {@code main} with the global and French layers, saved through the API by {@code publisher}. */
    static void variant(StaffClient publisher) throws Exception {
        ok(201, publisher.send("POST", "/v1/variants", "{\"id\":\"main\",\"name\":\"Main menu\",\"reason\":\"new line\"}"));
        layer(publisher, "global", GLOBAL);
        layer(publisher, "country:FR", FRANCE);
    }

    static void layer(StaffClient publisher, String scope, String document) throws Exception {
        ok(200, publisher.send("PUT", "/v1/variants/main/layers/" + scope, "{\"document\": " + document
                + ", \"reason\": \"menu work\"}"));
    }

    static JsonNode ok(int status, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        return Json.tree(response.body());
    }

    private void openMenus(String username) {
        browser.login(relay, username, StaffClient.PASSWORD);
        browser.click(By.linkText("Menus"));
        browser.waitForText(By.id("variants-status"), "variant");
    }

    private void simulate(String store) {
        new Select(browser.visible(By.id("sim-store"))).selectByValue(store);
        browser.click(By.cssSelector("#simulate-form button[type=submit]"));
    }

    private String text(String css) {
        return browser.driver().findElement(By.cssSelector(css)).getText();
    }

    @Test
    void aPublisherCreatesAVariantFixesARefusedLayerSimulatesAFormattedPriceAndPublishesWithItsAuditRecord()
            throws Exception {
        openMenus("pat");
        browser.waitForText(By.id("variants-status"), "0 variants.");
        browser.fill(By.id("variant-id"), "main");
        browser.fill(By.id("variant-name"), "Main menu");
        browser.fill(By.id("variant-reason"), "a menu for the new stores");
        browser.click(By.cssSelector("#create-variant button[type=submit]"));
        String created = browser.waitForText(By.cssSelector("#create-audit .audit-record"), "menu.variant.created");
        assertTrue(created.contains("variant:main") && created.contains("a menu for the new stores"), created);
        browser.waitForText(By.id("layers-title"), "Layers of Main menu (main)");
        browser.waitForText(By.cssSelector("#variants tr[data-variant='main']"), "none yet");

        // not JSON at all: said at the editor, before the relay is asked
        browser.fill(By.id("layer-json"), "{\"currency\": \"EUR\",");
        browser.fill(By.id("layer-reason"), "base menu");
        browser.click(By.id("layer-save"));
        browser.waitForText(By.id("layer-error"), "Not valid JSON");
        assertEquals("true", browser.driver().findElement(By.id("layer-json")).getAttribute("aria-invalid"));

        // uploaded with a malformed remove marker: the relay's 400, at the editor, and nothing saved
        Path upload = dir.resolve("global-menu.json");
        Files.writeString(upload, GLOBAL.replace("\"fries\": {\"names\"", "\"onion-rings\": {\"$remove\": false},\n"
                + "               \"fries\": {\"names\""));
        browser.driver().findElement(By.id("layer-file")).sendKeys(upload.toAbsolutePath().toString());
        browser.waitForText(By.id("layer-status"), "Loaded global-menu.json");
        assertTrue(browser.driver().findElement(By.id("layer-json")).getAttribute("value").contains("onion-rings"));
        browser.click(By.id("layer-save"));
        String refused = browser.waitForText(By.id("layer-error"), "Refused by the relay: layer global: items.onion-rings");
        assertTrue(refused.contains("remove marker"), refused);
        assertEquals("true", browser.driver().findElement(By.id("layer-json")).getAttribute("aria-invalid"));
        assertEquals("layer-error", browser.driver().findElement(By.id("layer-json")).getAttribute("aria-describedby"));
        assertEquals("layer-json", browser.driver().switchTo().activeElement().getAttribute("id"), "focus goes to the field");
        assertEquals(0, ok(200, admin.get("/v1/variants/main")).get("layers").size(), "nothing was saved");

        browser.fill(By.id("layer-json"), GLOBAL);
        browser.click(By.id("layer-save"));
        browser.waitForText(By.id("layer-status"), "Saved layer global as revision 1");
        assertEquals("", text("#layer-error"), "the refusal is gone once fixed");
        String saved = browser.waitForText(By.cssSelector("#layer-audit .audit-record"), "menu.layer.saved");
        assertTrue(saved.contains("variant:main/global") && saved.contains("user:pat"), saved);

        new Select(browser.driver().findElement(By.id("scope-kind"))).selectByValue("country");
        browser.fill(By.id("scope-value"), "fr");
        browser.fill(By.id("layer-json"), FRANCE);
        browser.fill(By.id("layer-reason"), "French names and price");
        browser.click(By.id("layer-save"));
        browser.waitForText(By.id("layer-status"), "Saved layer country:FR as revision 1");
        browser.waitForText(By.cssSelector("#layers tr[data-scope='country:FR']"), "user:pat");

        simulate("store-fr-1");
        String burger = browser.waitForText(By.cssSelector(".menu-locale[data-locale='en-GB'] tr[data-item='big-burger']"), "€9.49");
        assertTrue(burger.contains("Big Burger") && burger.contains("540 kcal")
                && burger.contains("contains cereals with gluten, milk; may contain sesame"), burger);
        String fr = text(".menu-locale[data-locale='fr-FR'] tr[data-item='big-burger']");
        assertTrue(fr.contains("Grand Burger") && fr.matches("(?s).*9,49\\s€.*"), fr);
        assertTrue(text(".menu-locale[data-locale='fr-FR'] table[data-category='sides'] caption").startsWith("Accompagnements"));
        browser.waitForText(By.cssSelector(".diff[data-locale='en-GB']"), "Nothing of this variant is published yet");
        assertEquals(0, ok(200, admin.get("/v1/variants/main")).get("versions").size(), "simulate publishes nothing");

        browser.click(By.id("publish"));
        browser.waitForText(By.id("publish-status"), "A reason is required");
        browser.fill(By.id("publish-reason"), "launch in France and Germany");
        browser.click(By.id("publish"));
        browser.waitForText(By.cssSelector("#publish-outcome [data-state='PUBLISHED']"), "PUBLISHED");
        browser.waitForText(By.id("publish-status"), "Published as v1");
        String record = browser.waitForText(By.cssSelector("#publish-audit .audit-record"), "menu.published");
        assertTrue(record.contains("variant:main/v1") && record.contains("launch in France and Germany")
                && record.contains("user:pat"), record);
        browser.waitForText(By.cssSelector("#variants tr[data-variant='main']"), "v1");
        browser.waitForText(By.cssSelector("#versions tr[data-version='1']"), "PUBLISHED");
    }

    @Test
    void theDiffShowsWhatChangesAgainstWhatTheStoreShowsNow() throws Exception {
        StaffClient pat = StaffClient.login(relay, "pat", StaffClient.PASSWORD);
        variant(pat);
        ok(201, pat.send("POST", "/v1/variants/main/publish", "{\"reason\":\"launch\"}"));
        layer(pat, "country:FR", FRANCE.replace("949", "999").replace("\"fries\": {\"names\": {\"fr-FR\": \"Frites\"}}",
                "\"fries\": {\"$remove\": true}"));
        layer(pat, "global", GLOBAL.replace("\"may_contain\": [\"sesame\"]", "\"may_contain\": [\"sesame\", \"mustard\"]"));

        openMenus("pat");
        browser.waitForText(By.id("layers-title"), "Main menu"); // the only variant opens by itself
        simulate("store-fr-1");
        String diff = browser.waitForText(By.cssSelector(".diff[data-locale='en-GB']"), "Against v1");
        assertTrue(text(".diff[data-locale='en-GB'] dd[data-change='price']").contains("Big Burger (big-burger): €9.49 → €9.99"), diff);
        assertTrue(text(".diff[data-locale='en-GB'] dd[data-change='removed']").contains("Fries (fries)"), diff);
        assertTrue(text(".diff[data-locale='en-GB'] dd[data-change='allergens']").contains(
                "may contain sesame → contains cereals with gluten, milk; may contain mustard, sesame"), diff);
        assertTrue(browser.driver().findElements(By.cssSelector(".diff[data-locale='en-GB'] dd[data-change='added']")).isEmpty());

        simulate("store-de-1");
        browser.waitForText(By.cssSelector(".diff[data-locale='en-GB']"), "Against v1");
        browser.waitForText(By.cssSelector(".diff[data-locale='en-GB']"), "Allergens changed (1)");
        assertTrue(browser.driver().findElements(By.cssSelector(".diff dd[data-change='price']")).isEmpty(), "Germany's price is unchanged");
    }

    @Test
    void aMenuThatCannotBeShownListsEachProblemAtItsPathAndItsPublishIsRefused() throws Exception {
        StaffClient pat = StaffClient.login(relay, "pat", StaffClient.PASSWORD);
        variant(pat);
        layer(pat, "country:DE", "{\"items\": {\"fries\": {\"price\": {\"currency\": \"USD\"},"
                + " \"allergens\": {\"contains\": [\"milk\"], \"may_contain\": [\"milk\"]}}}}");

        openMenus("pat");
        simulate("store-de-1");
        browser.waitForText(By.id("sim-status"), "store store-de-1 could not show this menu");
        String currency = browser.waitForText(By.cssSelector("#sim-problems li[data-path='items.fries.price.currency']"), "schema");
        assertTrue(currency.contains("store-de-1"), currency);
        assertEquals("items.fries.price.currency",
                text("#sim-problems li[data-path='items.fries.price.currency'] mark.path"), "the path is marked");
        browser.waitForText(By.cssSelector("#sim-problems li[data-path='items.fries.allergens.may_contain']"), "allergens");

        browser.fill(By.id("publish-reason"), "launch");
        browser.click(By.id("publish"));
        browser.waitForText(By.cssSelector("#publish-outcome [data-state='REFUSED']"), "nothing was published");
        browser.waitForText(By.cssSelector("#publish-outcome li[data-path='items.fries.price.currency']"), "store-de-1");
        String record = browser.waitForText(By.cssSelector("#publish-audit .audit-record"), "menu.publish.refused");
        assertTrue(record.contains("variant:main") && record.contains("launch"), record);
        assertEquals(0, ok(200, admin.get("/v1/variants/main")).get("versions").size());
    }

    @Test
    void aPromoWindowIsPickedInLocalTimeShownInUtcAndInTheStoresZoneWhenOpen() throws Exception {
        variant(StaffClient.login(relay, "pat", StaffClient.PASSWORD));
        openMenus("pat");
        browser.waitForText(By.id("layers-title"), "Main menu");
        assertTrue(!browser.driver().findElement(By.id("window")).isDisplayed(), "no window outside a promo");
        new Select(browser.driver().findElement(By.id("scope-kind"))).selectByValue("promo");
        browser.fill(By.id("scope-value"), "lunch-deal");
        browser.pick("active-from", "2026-11-22T11:00:00");
        browser.fill(By.id("layer-json"), "{\"items\": {\"fries\": {\"price\": {\"amount_minor\": 99}}}}");
        browser.fill(By.id("layer-reason"), "lunch deal");
        browser.click(By.id("layer-save"));
        browser.waitForText(By.id("window-error"), "A promo needs the time its window closes.");
        browser.pick("active-until", "2026-11-22T14:00:00");
        browser.waitForText(By.id("window-utc"), "In UTC: 2026-11-22 11:00:00 UTC until 2026-11-22 14:00:00 UTC.");
        browser.click(By.id("layer-save"));
        browser.waitForText(By.id("layer-status"), "Saved layer promo:lunch-deal as revision 1");
        String row = browser.waitForText(By.cssSelector("#layers tr[data-scope='promo:lunch-deal']"), "UTC 2026-11-22 11:00:00 UTC");
        assertTrue(row.contains("until 2026-11-22 14:00:00 UTC"), row);
        JsonNode saved = ok(200, admin.get("/v1/variants/main")).get("layers");
        assertTrue(saved.toString().contains("\"active_from\":\"2026-11-22T11:00:00Z\""), saved.toString());

        browser.pick("sim-at", "2026-11-22T12:30:00");
        new Select(browser.driver().findElement(By.id("sim-store"))).selectByValue("store-fr-1");
        browser.waitForText(By.id("sim-at-store"), "(Europe/Paris) at store-fr-1");
        simulate("store-fr-1");
        String promos = browser.waitForText(By.cssSelector(".promos-open"), "promo:lunch-deal");
        assertTrue(promos.contains("(Europe/Paris)"), "the window in the store's zone: " + promos);
        browser.waitForText(By.cssSelector(".menu-locale[data-locale='en-GB'] tr[data-item='fries']"), "€0.99");
    }

    @Test
    void aViewerSimulatesButEveryChangeIsOffAndSaysWhy() throws Exception {
        variant(StaffClient.login(relay, "pat", StaffClient.PASSWORD));
        StaffClient.createUser(relay, "vic", Set.of(), Role.VIEWER);
        openMenus("vic");
        browser.waitForText(By.id("editor-why"), "Changes need the publisher role; you have viewer.");
        for (String form : new String[] {"create-variant", "layer-form", "publish-form"}) {
            for (var control : browser.driver().findElements(By.cssSelector("#" + form + " input, #" + form
                    + " textarea, #" + form + " select, #" + form + " button"))) {
                assertTrue(!control.isEnabled(), form + ": " + control.getAttribute("id") + " is enabled for a viewer");
            }
        }
        browser.click(By.cssSelector("#layers tr[data-scope='global'] button"));
        browser.waitForText(By.id("layer-view"), "\"currency\": \"EUR\"");
        simulate("store-de-1");
        browser.waitForText(By.cssSelector(".menu-locale[data-locale='en-GB'] tr[data-item='fries']"), "€2.99");
    }
}
