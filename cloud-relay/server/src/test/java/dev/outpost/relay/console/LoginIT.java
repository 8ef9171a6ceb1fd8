package dev.outpost.relay.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** Logging in and out of the console in a real browser, by mouse and by keyboard alone. */
@Tag("integration")
@Tag("browser")
class LoginIT {
    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();
    @TempDir
    Path dir;
    private RelayHarness relay;

    @BeforeEach
    void start() {
        relay = ConsoleBrowser.startRelay(dir);
        StaffClient.createUser(relay, "alice", Set.of(), Role.ADMIN);
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    @Test
    void theConsoleSendsAStrangerToTheLoginPageAndBackAfterLoggingIn() {
        browser.open(relay, "/audit.html");
        browser.waiting().until(ExpectedConditions.urlContains("/login.html?next="));
        browser.fill(By.id("username"), "alice");
        browser.fill(By.id("password"), StaffClient.PASSWORD);
        browser.click(By.cssSelector("#login button[type=submit]"));
        browser.waitForText(By.id("user"), "alice");
        assertTrue(browser.driver().getCurrentUrl().endsWith("/audit.html"), browser.driver().getCurrentUrl());
        assertEquals("admin", browser.driver().findElement(By.id("roles")).getText());
        assertTrue(browser.driver().findElement(By.cssSelector("header .zone")).getText().startsWith("Times in "));

        browser.click(By.id("logout"));
        browser.waiting().until(ExpectedConditions.urlContains("/login.html"));
        browser.open(relay, "/");
        browser.waiting().until(ExpectedConditions.urlContains("/login.html?next="));
    }

    @Test
    void aWrongPasswordShowsTheRelaysErrorAndStaysOnTheLoginPage() {
        browser.open(relay, "/login.html");
        browser.fill(By.id("username"), "alice");
        browser.fill(By.id("password"), "not the password at all");
        browser.click(By.cssSelector("#login button[type=submit]"));
        String error = browser.waitForText(By.id("login-error"), "wrong username or password");
        assertTrue(browser.driver().findElement(By.id("login-error")).isDisplayed(), error);
        assertTrue(browser.driver().getCurrentUrl().contains("/login.html"));
        assertEquals("", browser.driver().findElement(By.id("password")).getAttribute("value"), "the wrong password is cleared");
    }

    @Test
    void keyboardAloneLogsInAndTheSkipLinkIsTheFirstStop() {
        browser.open(relay, "/login.html");
        browser.waiting().until(ExpectedConditions.attributeToBe(browser.driver().switchTo().activeElement(), "id", "username"));
        new Actions(browser.driver()).sendKeys("alice").sendKeys(Keys.TAB).sendKeys(StaffClient.PASSWORD).sendKeys(Keys.ENTER).perform();
        browser.waitForText(By.id("user"), "alice");

        // on every page the first Tab lands on "Skip to content", and Enter on it moves focus into <main>
        new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
        assertEquals("Skip to content", browser.driver().switchTo().activeElement().getText());
        new Actions(browser.driver()).sendKeys(Keys.ENTER).perform();
        browser.waiting().until(d -> "main".equals(d.switchTo().activeElement().getAttribute("id")));
    }
}
