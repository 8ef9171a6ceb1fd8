package dev.outpost.relay.console;

import dev.outpost.relay.testing.RelayHarness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, for the browser tests: {@code @RegisterExtension static final ConsoleBrowser browser =
 * new ConsoleBrowser();}. It runs the system chromedriver with the system browser, so Selenium Manager never looks for
 * (or downloads) either. One browser serves every test class of the JVM ({@link Chromium}, started by the first
 * and closed with JUnit's root store): starting one costs more than most tests. Before each test it is reset to a
 * blank page at laptop size with no cookies, so no login or window size leaks from one test to the next. When a test
 * fails, its screenshot and page source are saved under {@code target/console-failures/}, with the browser's console
 * log.
 */
final class ConsoleBrowser implements BeforeAllCallback, BeforeEachCallback, TestWatcher {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Dimension LAPTOP = new Dimension(1280, 800);
    static final Dimension TABLET = new Dimension(820, 1180);
    /** Every wait's deadline: generous for a loaded 2-core CI machine, and never a sleep. */
    static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final Path FAILURES = Path.of("target", "console-failures");
    private static final ExtensionContext.Namespace SHARED = ExtensionContext.Namespace.create(ConsoleBrowser.class);
    // Selenium 4.52 has no DevTools bindings for this Chromium and warns once per session; the tests do not use them.
    // Held here: java.util.logging keeps loggers weakly, and a collected one would forget its level.
    private static final Logger CDP_VERSION_FINDER = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    private ChromeDriver driver;

    /** The browser of this JVM, its profile in a temporary directory; closed (and the profile deleted) by JUnit. */
    private static final class Chromium implements AutoCloseable {
        private final Path profile;
        private final ChromeDriver driver;

        Chromium() throws IOException {
            for (Path binary : new Path[] {CHROMIUM, CHROMEDRIVER}) {
                if (!Files.isExecutable(binary)) {
                    throw new IllegalStateException("console browser tests: " + binary + " is missing; install the"
                            + " Debian packages chromium and chromium-driver (./outpost test installs them)");
                }
            }
            // belt and braces: with both paths given Selenium Manager is not run, and if it were it must stay offline
            System.setProperty("SE_OFFLINE", "true");
            CDP_VERSION_FINDER.setLevel(Level.SEVERE);
            profile = Files.createTempDirectory("outpost-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--disable-quic", "--user-data-dir=" + profile, "--window-size=" + LAPTOP.width + "," + LAPTOP.height);
            options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .build();
            try {
                driver = new ChromeDriver(service, options);
            } catch (RuntimeException e) {
                deleteProfile();
                throw e;
            }
        }

        /** Whether the browser still answers (a crashed one is replaced rather than failing every later class). */
        boolean alive() {
            try {
                driver.getWindowHandle();
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }

        /** A blank page at laptop size, no cookies (a session of an earlier test), an empty console log. */
        void reset() {
            driver.get("about:blank");
            driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
            driver.manage().window().setSize(LAPTOP);
            driver.manage().logs().get(LogType.BROWSER);
        }

        @Override
        public void close() throws IOException {
            try {
                driver.quit();
            } finally {
                deleteProfile();
            }
        }

        private void deleteProfile() throws IOException {
            try (Stream<Path> files = Files.walk(profile)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        ExtensionContext.Store store = context.getRoot().getStore(SHARED);
        Chromium chromium = store.computeIfAbsent(Chromium.class, k -> start(), Chromium.class);
        if (!chromium.alive()) {
            try {
                store.remove(Chromium.class, Chromium.class).close();
            } catch (RuntimeException gone) {
                // it crashed, so quitting it fails; its profile is deleted all the same (see close)
            }
            chromium = store.computeIfAbsent(Chromium.class, k -> start(), Chromium.class);
        }
        driver = chromium.driver;
    }

    private static Chromium start() {
        try {
            return new Chromium();
        } catch (IOException e) {
            throw new UncheckedIOException("console browser tests: cannot make a browser profile: " + e.getMessage(), e);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getRoot().getStore(SHARED).get(Chromium.class, Chromium.class).reset();
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (driver == null) {
            return;
        }
        String name = context.getRequiredTestClass().getSimpleName() + "." + context.getDisplayName().replaceAll("[^A-Za-z0-9._-]", "");
        try {
            Files.createDirectories(FAILURES);
            Files.write(FAILURES.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
            Files.writeString(FAILURES.resolve(name + ".html"), "<!-- " + driver.getCurrentUrl() + " -->\n"
                    + driver.getPageSource(), StandardCharsets.UTF_8);
            Files.write(FAILURES.resolve(name + ".console.txt"), driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .map(Object::toString).toList(), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** A relay for one browser test (its staff passwords at the harness's cheap bcrypt cost: every test logs in). */
    static RelayHarness startRelay(Path dir) {
        return RelayHarness.start(dir);
    }

    ChromeDriver driver() {
        return driver;
    }

    WebDriverWait waiting() {
        return new WebDriverWait(driver, DEADLINE);
    }

    void open(RelayHarness relay, String path) {
        driver.get(relay.uri(path).toString());
    }

    /** Logs in through the login page and waits until the console's header names the user. */
    void login(RelayHarness relay, String username, String password) {
        open(relay, "/login.html");
        fill(By.id("username"), username);
        fill(By.id("password"), password);
        driver.findElement(By.cssSelector("#login button[type=submit]")).click();
        waitForText(By.id("user"), username);
    }

    void fill(By field, String text) {
        WebElement element = visible(field);
        element.clear();
        element.sendKeys(text);
    }

    WebElement visible(By locator) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    void click(By locator) {
        waiting().until(ExpectedConditions.elementToBeClickable(locator)).click();
    }

    /** Sets a datetime-local input as a person would pick it, in the browser's zone (UTC on the test machine). */
    void pick(String id, String localTime) {
        driver.executeScript("const i = document.getElementById(arguments[0]); i.value = arguments[1];"
                + " i.dispatchEvent(new Event('input', {bubbles: true}));", id, localTime);
    }

    /**
     * Waits until the element's text contains {@code text}, then returns that whole text, as read in the same look: a
     * page that re-renders (a refresh, a pushed document) may replace the element a moment later.
     */
    String waitForText(By locator, String text) {
        return waiting().ignoring(StaleElementReferenceException.class)
                .withMessage(() -> "waiting for " + locator + " to contain '" + text + "'; it shows '"
                        + Optional.ofNullable(driver.findElements(locator)).filter(l -> !l.isEmpty()).map(l -> l.get(0).getText()).orElse("(absent)") + "'")
                .until(d -> {
                    String shown = d.findElement(locator).getText();
                    return shown.contains(text) ? shown : null;
                });
    }

    /** A PNG of the viewport at {@code size}, into target/console-screenshots/{name}.png. */
    Path screenshot(String name, Dimension size) {
        driver.manage().window().setSize(size);
        Path file = Path.of("target", "console-screenshots", name + ".png");
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
