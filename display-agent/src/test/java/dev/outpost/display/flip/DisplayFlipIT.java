package dev.outpost.display.flip;

import static dev.outpost.display.flip.FakeAppliance.SITE;
import static dev.outpost.display.flip.FakeAppliance.entry;
import static dev.outpost.display.flip.FakeAppliance.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.manifest.ManifestEntry;
import dev.outpost.api.sign.SignedDocument;
import dev.outpost.display.DisplayAgent;
import dev.outpost.display.DisplayStatus;
import dev.outpost.site.message.FlipAnswer;
import dev.outpost.site.message.FlipDecision;
import dev.outpost.site.message.FlipOutcome;
import dev.outpost.site.message.FlipPrepare;
import dev.outpost.site.message.FlipReport;
import dev.outpost.site.message.MenuShown;
import dev.outpost.site.message.MenuTier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Display agents against a real site broker and a scripted appliance, on one controllable clock: they verify, stage
 * and swap on COMMIT; commit on their own at the activation instant plus the grace in site time, even with their
 * own clock 2 s off; refuse tampered blobs and bad manifests with a reason while the last-known-good stays on
 * screen; and come back after a restart with their last-known-good, or the fail-safe menu if it was tampered with.
 */
@Tag("integration")
class DisplayFlipIT {
    @TempDir
    Path dir;
    FakeAppliance site;

    @AfterEach
    void stop() {
        if (site != null) {
            site.close();
        }
    }

    /** Flips {@code board-1} to {@code version} (price {@code price}) at once and returns the flip. */
    private FlipPrepare flipTo(DisplayAgent agent, String version, int price, long sequence) {
        ManifestEntry e = entry(version, site.blob(price), site.now.get().plusSeconds(60));
        FlipPrepare p = site.prepare(e, site.manifest(sequence, e));
        site.send("board-1", p);
        assertEquals(FlipOutcome.PREPARED, site.answer("board-1", p.flipId()).outcome());
        site.send("board-1", FlipDecision.commit(p.flipId()));
        until("board-1 shows " + version, () -> agent.shown().versionId().equals(version));
        return p;
    }

    @Test
    void preparedDisplaysSwapOnCommitAndReportTheSiteTimeInstant() throws Exception {
        site = new FakeAppliance(dir, 2);
        DisplayAgent one = site.start(1, Duration.ZERO);
        DisplayAgent two = site.start(2, Duration.ZERO);
        assertTrue(one.status().failSafe(), "nothing valid held yet: the baked-in menu");
        assertEquals(MenuShown.FAIL_SAFE, one.shown().versionId());

        Instant t = site.now.get().plus(Duration.ofMinutes(10));
        ManifestEntry v2 = entry("main/v2", site.blob(319), t);
        FlipPrepare p = site.prepare(v2, site.manifest(5, v2));
        site.send("board-1", p);
        site.send("board-2", p);
        assertEquals(FlipOutcome.PREPARED, site.answer("board-1", p.flipId()).outcome());
        assertEquals(FlipOutcome.PREPARED, site.answer("board-2", p.flipId()).outcome());
        assertEquals(MenuShown.FAIL_SAFE, one.shown().versionId(), "prepared, not shown before COMMIT");
        assertTrue(Files.exists(dir.resolve("board-1/menu/staging/" + v2.sha256())), "staged on disk");

        site.now.set(t);
        site.send("board-1", FlipDecision.commit(p.flipId()));
        site.send("board-2", FlipDecision.commit(p.flipId()));
        until("both show v2", () -> one.shown().versionId().equals("main/v2") && two.shown().versionId().equals("main/v2"));
        until("both reported", () -> site.reports.size() == 2);
        FlipReport report = site.reports.get("board-1");
        assertEquals(p.flipId(), report.flipId());
        assertFalse(report.autonomous());
        // with the clocks frozen during the exchange the estimate is off by half a round trip at most
        assertTrue(Duration.between(t, report.committedAt()).abs().toMillis() < 50,
                "committed at T in site time: " + report.committedAt());
        DisplayStatus status = one.status();
        assertEquals("main/v2", status.menuVersion());
        assertEquals(MenuTier.Tier.FRESH, status.tier());
        assertEquals(report.committedAt(), status.lastCommitAt());
        assertFalse(Files.exists(dir.resolve("board-1/menu/staging/" + v2.sha256())), "moved out of staging");
    }

    @Test
    void aPreparedDisplayThatHearsNoDecisionCommitsAtTPlusGraceInSiteTimeEvenWithItsClock2sOff() throws Exception {
        site = new FakeAppliance(dir, 2);
        DisplayAgent right = site.start(1, Duration.ZERO);
        DisplayAgent ahead = site.start(2, Duration.ofSeconds(2));
        assertTrue(Math.abs(ahead.siteClock().offset().plusSeconds(2).toMillis()) < 100,
                "the site clock corrects the 2 s: offset " + ahead.siteClock().offset());

        Instant t = site.now.get().plus(Duration.ofMinutes(10));
        ManifestEntry v2 = entry("main/v2", site.blob(319), t);
        FlipPrepare p = site.prepare(v2, site.manifest(5, v2));
        site.send("board-1", p);
        site.send("board-2", p);
        assertEquals(FlipOutcome.PREPARED, site.answer("board-1", p.flipId()).outcome());
        assertEquals(FlipOutcome.PREPARED, site.answer("board-2", p.flipId()).outcome(), site.answer("board-2", p.flipId()).reason());

        // the appliance dies: no decision ever comes. Its own clock reads T + 2.5 s here, site time T + 499 ms.
        site.now.set(t.plusMillis(499));
        long settle = System.nanoTime() + Duration.ofMillis(100).toNanos();
        until("a moment for a wrongly early commit to show", () -> System.nanoTime() - settle > 0);
        assertEquals(MenuShown.FAIL_SAFE, ahead.shown().versionId(), "not before T + grace in site time");
        site.now.set(t.plusMillis(550)); // a frozen clock's estimate lags by half a round trip
        until("both committed on their own", () -> site.reports.size() == 2);
        for (DisplayAgent agent : new DisplayAgent[] {right, ahead}) {
            assertEquals("main/v2", agent.shown().versionId());
            assertTrue(agent.status().autonomous());
        }
        FlipReport late = site.reports.get("board-2");
        assertTrue(late.autonomous());
        assertTrue(Duration.between(t.plusMillis(500), late.committedAt()).abs().toMillis() < 100,
                "board-2 reports site time, not its own: " + late.committedAt());
    }

    @Test
    void badBlobsAndManifestsAreRefusedWithAReasonWhileTheLastKnownGoodStaysOnScreen() throws Exception {
        site = new FakeAppliance(dir, 1);
        DisplayAgent agent = site.start(1, Duration.ZERO);
        flipTo(agent, "main/v2", 319, 10);
        Instant t = site.now.get().plus(Duration.ofMinutes(10));

        // a tampered blob: the appliance serves other bytes under the hash
        ManifestEntry tampered = entry("main/v3", site.blob(329), t);
        site.blobs.put(tampered.sha256(), "{\"items\": {}}".getBytes(StandardCharsets.UTF_8));
        assertRefused(agent, site.prepare(tampered, site.manifest(11, tampered)), "blob sha256 mismatch");

        ManifestEntry v3 = entry("main/v3", site.blob(339), t);
        SignedDocument keyring = site.keyring(site.publisher);
        var stranger = FakeAppliance.key(7);
        assertRefused(agent, site.prepare(v3, site.manifest(SITE, 11, t.plus(Duration.ofDays(1)), stranger,
                site.keyring(site.publisher), v3)), "manifest refused (SIGNATURES)");
        SignedDocument foreignKeyring = new dev.outpost.api.sign.Keyring(1, FakeAppliance.T0,
                java.util.List.of(dev.outpost.api.sign.KeyringEntry.of(stranger.publicKey(), java.util.List.of("publisher"),
                        FakeAppliance.T0.minusSeconds(60), t.plus(Duration.ofDays(9))))).signedBy(stranger);
        assertRefused(agent, site.prepare(v3, site.manifest(SITE, 11, t.plus(Duration.ofDays(1)), stranger,
                foreignKeyring, v3)), "manifest refused (UNTRUSTED_KEYRING)");
        assertRefused(agent, site.prepare(v3, site.manifest(9, v3)), "manifest refused (REPLAY)");
        assertRefused(agent, site.prepare(v3, site.manifest(SITE, 11, site.now.get().plusSeconds(1), site.publisher,
                keyring, v3)), null);
        assertRefused(agent, site.prepare(v3, site.manifest("s-2", 11, t.plus(Duration.ofDays(1)), site.publisher,
                keyring, v3)), "manifest refused (WRONG_SITE)");
        ManifestEntry other = entry("main/v9", site.blob(999), t);
        assertRefused(agent, site.prepare(v3, site.manifest(11, other)), "manifest 11 does not list main/v3");

        // and a good one still goes through afterwards
        flipTo(agent, "main/v3", 339, 11);
    }

    private void assertRefused(DisplayAgent agent, FlipPrepare prepare, String reason) {
        if (reason == null) {
            site.now.set(site.now.get().plusSeconds(2)); // past the manifest's expiry, in site time
            reason = "manifest refused (EXPIRED)";
        }
        String before = agent.shown().versionId();
        site.send("board-1", prepare);
        FlipAnswer answer = site.answer("board-1", prepare.flipId());
        assertEquals(FlipOutcome.ABORT, answer.outcome(), answer.reason());
        assertTrue(answer.reason().startsWith(reason), answer.reason());
        assertTrue(agent.flips().lastRefusal().contains(reason), agent.flips().lastRefusal());
        site.send("board-1", FlipDecision.commit(prepare.flipId()));
        assertEquals(before, agent.shown().versionId(), "the last-known-good stays on screen");
    }

    @Test
    void aRestartedDisplayShowsItsLastKnownGoodAndATamperedOneGivesTheFailSafeMenu() throws Exception {
        site = new FakeAppliance(dir, 1);
        DisplayAgent agent = site.start(1, Duration.ZERO);
        FlipPrepare p = flipTo(agent, "main/v2", 319, 3);
        site.stop("board-1");

        DisplayAgent again = site.start(1, Duration.ZERO);
        assertEquals("main/v2", again.shown().versionId(), "the LKG from disk");
        assertEquals(p.flipId(), again.shown().flipId());
        assertEquals(MenuTier.Tier.FRESH, again.status().tier());
        site.stop("board-1");

        site.blobs.clear(); // or it heals itself from the retained flip, which is right, but not what is tested here
        Files.writeString(dir.resolve("board-1/menu/blobs/" + p.sha256()), "{\"items\": {\"fries\": {\"price\": 1}}}");
        DisplayAgent tampered = site.start(1, Duration.ZERO);
        assertEquals(MenuShown.FAIL_SAFE, tampered.shown().versionId(), "a tampered file is never shown");
        assertTrue(tampered.status().failSafe());
        assertNull(tampered.status().lastCommitAt());
    }

    /**
     * An ABORT of the flip on screen — committed on its own before the decision came, or abandoned by the appliance
     * because the site stayed mixed — sends the screen back to the menu that flip replaced, durably: a restart, with
     * the ABORT still retained, stays there.
     */
    @Test
    void anAbortOfTheFlipOnScreenSendsItBackToWhatThatFlipReplacedAndARestartStaysThere() throws Exception {
        site = new FakeAppliance(dir, 1);
        DisplayAgent agent = site.start(1, Duration.ZERO);
        flipTo(agent, "main/v2", 319, 3);
        Instant t = site.now.get().plus(Duration.ofMinutes(10));
        ManifestEntry v3 = entry("main/v3", site.blob(329), t);
        FlipPrepare p = site.prepare(v3, site.manifest(5, v3));
        site.send("board-1", p);
        assertEquals(FlipOutcome.PREPARED, site.answer("board-1", p.flipId()).outcome());
        site.now.set(t.plusMillis(550)); // no decision by T + grace: it commits on its own
        until("v3 on its own", () -> agent.shown().versionId().equals("main/v3"));

        site.send("board-1", FlipDecision.abort(p.flipId(), "2 of 3 screens prepared"));
        until("back on v2", () -> agent.shown().versionId().equals("main/v2"));
        site.stop("board-1");
        DisplayAgent again = site.start(1, Duration.ZERO);
        assertEquals("main/v2", again.shown().versionId(), "v2 is what is active on disk");
    }

    @Test
    void aDisplayThatMissedTheCommitCatchesUpFromTheRetainedDecisionWhenItComesBack() throws Exception {
        site = new FakeAppliance(dir, 1);
        site.start(1, Duration.ZERO);
        Instant t = site.now.get().plus(Duration.ofMinutes(10));
        ManifestEntry v2 = entry("main/v2", site.blob(319), t);
        FlipPrepare p = site.prepare(v2, site.manifest(5, v2));
        site.send("board-1", p);
        site.answer("board-1", p.flipId());
        site.stop("board-1"); // down before T: it misses the COMMIT
        site.now.set(t);
        site.send("board-1", FlipDecision.commit(p.flipId()));
        site.now.set(t.plusSeconds(30));

        DisplayAgent back = site.start(1, Duration.ZERO);
        until("caught up from the retained prepare and decision", () -> back.shown().versionId().equals("main/v2"));
        assertFalse(back.status().autonomous(), "committed on the appliance's decision, not on its own");
    }

    @Test
    void thePageShowsTheMenuAndIsToldOfASwapByServerSentEvents() throws Exception {
        site = new FakeAppliance(dir, 1);
        DisplayAgent agent = site.start(1, Duration.ZERO);
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.URI base = java.net.URI.create("http://127.0.0.1:" + agent.httpPort());
        String page = http.send(java.net.http.HttpRequest.newBuilder(base.resolve("/")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(page.contains("Bottled water") && page.contains("1.50 USD") && page.contains("EventSource('/menu/events')"),
                page);

        java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        http.sendAsync(java.net.http.HttpRequest.newBuilder(base.resolve("/menu/events")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> r.body().forEach(lines::add));
        assertEquals("event: menu", lines.poll(20, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals("data: fail-safe FRESH", lines.poll(20, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals("", lines.poll(20, java.util.concurrent.TimeUnit.SECONDS));

        flipTo(agent, "main/v2", 319, 3);
        assertEquals("event: menu", lines.poll(20, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals("data: main/v2 FRESH", lines.poll(20, java.util.concurrent.TimeUnit.SECONDS));
        String fragment = http.send(java.net.http.HttpRequest.newBuilder(base.resolve("/menu/fragment")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(fragment.contains("data-version=\"main/v2\"") && fragment.contains("319"), fragment);
    }
}
