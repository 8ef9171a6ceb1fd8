package dev.outpost.sim.flip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.event.EventEnvelope;
import dev.outpost.api.event.FlipResult;
import dev.outpost.api.event.MenuDownloaded;
import dev.outpost.api.manifest.ManifestEntry;
import dev.outpost.appliance.flip.FlipConfig;
import dev.outpost.appliance.flip.FlipView;
import dev.outpost.display.DisplayAgent;
import dev.outpost.site.message.FlipOutcome;
import dev.outpost.site.message.MenuShown;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flip end to end on one site, over the real site broker, with one controllable clock: the appliance's
 * coordinator prepares every screen of the variant at T − lead, commits at T and records each screen's commit
 * instant; one screen aborting does not stop the others by default but does with flip.abort-on-missing; with the
 * coordinator dead between PREPARE and COMMIT the screens commit at T + grace and say so; a screen down at T catches
 * up when it comes back; a screen whose own clock is 2 s off commits in step, on site time. Each flip's milestones
 * and outcome leave through the appliance's outbox.
 */
@Tag("integration")
class SiteFlipIT {
    @TempDir
    Path dir;
    FlipSite site;

    @AfterEach
    void stop() {
        if (site != null) {
            site.close();
        }
    }

    private static boolean shows(DisplayAgent agent, String version) {
        return agent.shown().versionId().equals(version);
    }

    @Test
    void everyScreenPreparesAtTMinusLeadAndCommitsAtTTogetherEvenOneWhoseClockIs2sOff() throws Exception {
        site = new FlipSite(dir, 3, FlipConfig.defaults());
        List<DisplayAgent> agents = List.of(site.start(1, Duration.ZERO), site.start(2, Duration.ZERO),
                site.start(3, Duration.ofSeconds(2)));
        Instant t = FlipSite.T0.plus(Duration.ofMinutes(15));
        ManifestEntry v2 = site.plan("main/v2", 319, t, 7);

        site.at(t.minus(Duration.ofMinutes(10)).minusSeconds(1));
        site.coordinator.wake();
        assertTrue(site.coordinator.view().flips().isEmpty(), "nothing before T - lead");
        site.at(t.minus(Duration.ofMinutes(10)));
        FlipView.Flip prepared = site.until("all three prepared", f -> f.devices().size() == 3
                && f.devices().stream().allMatch(d -> d.answer() == FlipOutcome.PREPARED));
        assertEquals("PREPARING", prepared.state());
        assertTrue(agents.stream().allMatch(a -> shows(a, MenuShown.FAIL_SAFE)), "nothing shown before T");

        site.at(t);
        FlipView.Flip done = site.until("all three committed", f -> f.devices().stream().allMatch(d -> d.committedAt() != null));
        assertEquals("COMMITTED", done.state());
        assertEquals("all 3 screens prepared", done.reason());
        assertTrue(agents.stream().allMatch(a -> shows(a, "main/v2")));
        for (FlipView.Device d : done.devices()) {
            assertEquals(Boolean.FALSE, d.autonomous(), d.toString());
            assertTrue(Duration.between(t, d.committedAt()).abs().toMillis() < 100, "at T in site time: " + d);
        }
        assertNotNull(done.skewMs());
        assertTrue(done.skewMs() < 100, "skew " + done.skewMs() + " ms (board-3's clock is 2 s off)");
        assertEquals(v2.sha256(), done.sha256());

        FlipResult reported = site.outcome();
        assertEquals(FlipResult.COMMITTED, reported.outcome(), reported.toString());
        assertEquals(List.of(3, 3, 3, 0), List.of(reported.devices(), reported.prepared(), reported.committed(),
                reported.autonomousCommits()));
        assertEquals(done.devices().stream().map(FlipView.Device::committedAt).toList(),
                reported.commits().stream().map(FlipResult.DeviceCommit::committedAt).toList(), "each screen's instant");
        assertEquals(List.of(new MenuDownloaded("main", "en-US", "main/v2", v2.sha256(), t)),
                site.reported("menu.downloaded"));
        assertEquals(1, site.reported("flip.prepared").size());
        assertEquals(List.of(1L, 2L, 3L), site.reported.stream().map(EventEnvelope::sequence).toList(),
                "downloaded, prepared, committed: the appliance's own stream, in order");
    }

    @Test
    void oneScreenAbortingLetsTheOthersFlipByDefault() throws Exception {
        site = new FlipSite(dir, 3, FlipConfig.defaults());
        DisplayAgent one = site.start(1, Duration.ZERO);
        DisplayAgent two = site.start(2, Duration.ZERO);
        DisplayAgent wrongKey = site.start(3, Duration.ZERO, FlipSite.key(9));
        Instant t = FlipSite.T0.plus(Duration.ofMinutes(5));
        site.plan("main/v2", 319, t, 7);
        site.at(FlipSite.T0.plusSeconds(1));
        FlipView.Flip answered = site.until("three answers", f -> f.devices().stream().allMatch(d -> d.answer() != null)
                && f.devices().size() == 3);
        FlipView.Device refused = answered.devices().stream().filter(d -> d.deviceId().equals("board-3")).findFirst().orElseThrow();
        assertEquals(FlipOutcome.ABORT, refused.answer());
        assertTrue(refused.reason().startsWith("manifest refused (UNTRUSTED_KEYRING)"), refused.reason());

        site.at(t);
        FlipView.Flip done = site.until("two committed", f -> f.devices().stream().filter(d -> d.committedAt() != null).count() == 2);
        assertEquals("COMMITTED", done.state());
        assertEquals("2 of 3 prepared; catching up: board-3 (aborted)", done.reason());
        assertTrue(shows(one, "main/v2") && shows(two, "main/v2"));
        assertTrue(shows(wrongKey, MenuShown.FAIL_SAFE), "the refusing screen keeps what it shows");
    }

    @Test
    void withAbortOnMissingOneAbortingScreenAbortsTheWholeFlip() throws Exception {
        site = new FlipSite(dir, 2, new FlipConfig(FlipConfig.DEFAULT_LEAD, true, FlipConfig.DEFAULT_MIXED_BOUND));
        DisplayAgent one = site.start(1, Duration.ZERO);
        site.start(2, Duration.ZERO, FlipSite.key(9));
        Instant t = FlipSite.T0.plus(Duration.ofMinutes(5));
        site.plan("main/v2", 319, t, 7);
        site.at(FlipSite.T0.plusSeconds(1));
        site.until("two answers", f -> f.devices().size() == 2 && f.devices().stream().allMatch(d -> d.answer() != null));
        site.at(t);
        FlipView.Flip done = site.until("aborted", f -> f.state().equals("ABORTED"));
        assertEquals("1 of 2 screens prepared; not: board-2 (aborted) (flip.abort-on-missing)", done.reason());
        FlipResult reported = site.outcome();
        assertEquals(FlipResult.ABORTED, reported.outcome());
        assertEquals(done.reason(), reported.reason());
        assertEquals(1, reported.notTakingPart().size());
        assertTrue(reported.notTakingPart().getFirst().startsWith("board-2 (aborted: manifest refused"),
                reported.notTakingPart().toString());
        FlipSite.until("board-1 discarded its staging", () -> !java.nio.file.Files.exists(
                dir.resolve("board-1/menu/staging/" + done.sha256())));
        site.at(t.plusSeconds(5)); // well past T + grace: the ABORT came first, so board-1 does not commit on its own
        long settle = System.nanoTime() + Duration.ofMillis(100).toNanos();
        FlipSite.until("a moment for a wrong commit to show", () -> System.nanoTime() - settle > 0);
        assertTrue(shows(one, MenuShown.FAIL_SAFE));
    }

    /**
     * A screen still not on a flip's version flip.mixed-bound after T raises the MIXED alarm and sends every screen
     * back to what it showed before (a site-wide ABORT); a flip a later one of the same menu has replaced by then does
     * not (regression: with flips 5 s apart every flip was flagged MIXED a minute later, its screens being on the next
     * one).
     */
    @Test
    void aScreenBehindAfterTheMixedBoundRaisesTheAlarmAndSendsTheSiteBackButAFlipALaterOneReplacedDoesNot() throws Exception {
        site = new FlipSite(dir, 2, FlipConfig.defaults());
        DisplayAgent one = site.start(1, Duration.ZERO);
        site.start(2, Duration.ZERO, FlipSite.key(9)); // refuses every flip, and stays on
        Instant t = FlipSite.T0.plus(Duration.ofMinutes(5));
        site.plan("main/v2", 319, t, 7);
        site.at(FlipSite.T0.plusSeconds(1));
        site.until("v2 answered", f -> f.devices().size() == 2 && f.devices().stream().allMatch(d -> d.answer() != null));
        site.at(t);
        site.until("v2 committed by board-1", f -> f.state().equals("COMMITTED") && f.devices().stream()
                .anyMatch(d -> d.committedAt() != null));
        Instant t3 = t.plusSeconds(5);
        site.plan("main/v3", 329, t3, 8);
        site.at(t.plusSeconds(1));
        site.until("v3 answered", f -> f.versionId().equals("main/v3") && f.devices().size() == 2
                && f.devices().stream().allMatch(d -> d.answer() != null));
        site.at(t3);
        FlipSite.until("board-1 on v3", () -> shows(one, "main/v3"));
        site.until("board-1's commit of v3 reported", f -> f.versionId().equals("main/v3") && f.devices().stream()
                .anyMatch(d -> d.deviceId().equals("board-1") && d.committedAt() != null));

        site.at(t3.plus(FlipConfig.DEFAULT_MIXED_BOUND).plusSeconds(1)); // past both flips' checks, v2's first
        FlipView.Flip v3 = site.until("v3 MIXED", f -> f.versionId().equals("main/v3") && f.state().equals("MIXED"));
        assertEquals("still not on main/v3 60 s after T: board-2; every screen sent back to what it showed before",
                v3.reason());
        FlipSite.until("board-1 back on v2, what v3 replaced", () -> shows(one, "main/v2"));
        FlipView.Flip v2 = site.coordinator.view().flips().stream().filter(f -> f.versionId().equals("main/v2"))
                .findFirst().orElseThrow();
        assertEquals("COMMITTED", v2.state(), "replaced by v3 before its check: " + v2);
    }

    /**
     * Screens not on what is current — the appliance was down through the activation, then a poison made the safe
     * version current — are flipped there together, 2 s after the appliance sees it, once; the missed activation
     * itself is not replayed.
     */
    @Test
    void screensNotOnWhatIsCurrentAreFlippedThereTogetherOnceAfterAnOutageAndAfterAPoison() throws Exception {
        site = new FlipSite(dir, 2, FlipConfig.defaults());
        DisplayAgent one = site.start(1, Duration.ZERO);
        DisplayAgent two = site.start(2, Duration.ZERO);
        Instant since = FlipSite.T0.minus(Duration.ofHours(3)); // activated while the appliance was down
        site.current("main/v2", 319, since, 7);
        site.at(FlipSite.T0);
        FlipView.Flip v2 = site.until("a catch-up to v2", f -> f.versionId().equals("main/v2") && f.devices().size() == 2
                && f.devices().stream().allMatch(d -> d.answer() == FlipOutcome.PREPARED));
        assertEquals(FlipSite.T0.plusSeconds(2), v2.activateAt(), "2 s after it was seen, not at the missed instant");
        site.at(FlipSite.T0.plusSeconds(2));
        FlipSite.until("both on v2", () -> shows(one, "main/v2") && shows(two, "main/v2"));
        site.until("v2 committed by both", f -> f.versionId().equals("main/v2")
                && f.devices().stream().allMatch(d -> d.committedAt() != null && Boolean.FALSE.equals(d.autonomous())));

        // v2 poisoned: the relay's manifest now says v1, the safe version, is current since v2's activation
        site.current("main/v1", 299, since, 8);
        site.at(FlipSite.T0.plusSeconds(10));
        site.until("a catch-up to v1", f -> f.versionId().equals("main/v1") && f.devices().size() == 2
                && f.devices().stream().allMatch(d -> d.answer() == FlipOutcome.PREPARED));
        site.at(FlipSite.T0.plusSeconds(12));
        FlipSite.until("both on v1", () -> shows(one, "main/v1") && shows(two, "main/v1"));
        site.at(FlipSite.T0.plusSeconds(20));
        site.until("v1 committed by both", f -> f.versionId().equals("main/v1")
                && f.devices().stream().allMatch(d -> d.committedAt() != null));
        assertEquals(2, site.coordinator.view().flips().size(), "each current entry caught up once: "
                + site.coordinator.view().flips());
    }

    @Test
    void withTheCoordinatorDeadBetweenPrepareAndCommitScreensCommitAtTPlusGraceAndSaySo() throws Exception {
        site = new FlipSite(dir, 2, FlipConfig.defaults());
        DisplayAgent one = site.start(1, Duration.ZERO);
        DisplayAgent two = site.start(2, Duration.ofSeconds(-2));
        Instant t = FlipSite.T0.plus(Duration.ofMinutes(5));
        site.plan("main/v2", 319, t, 7);
        site.at(FlipSite.T0.plusSeconds(1));
        site.until("both prepared", f -> f.devices().size() == 2
                && f.devices().stream().allMatch(d -> d.answer() == FlipOutcome.PREPARED));
        site.killCoordinator();

        site.now.set(t.plusMillis(300));
        long settle = System.nanoTime() + Duration.ofMillis(100).toNanos();
        FlipSite.until("a moment for a wrong commit to show", () -> System.nanoTime() - settle > 0);
        assertTrue(shows(one, MenuShown.FAIL_SAFE) && shows(two, MenuShown.FAIL_SAFE), "no COMMIT, not yet T + grace");
        site.now.set(t.plusMillis(550));
        FlipSite.until("both committed on their own", () -> shows(one, "main/v2") && shows(two, "main/v2"));

        site.startCoordinator(); // back: it learns how its flip went from the screens' retained reports
        FlipView.Flip flip = site.until("both reported", f -> f.devices().stream().allMatch(d -> d.committedAt() != null)
                && f.state().equals("AUTONOMOUS"));
        assertTrue(flip.devices().stream().allMatch(d -> Boolean.TRUE.equals(d.autonomous())), flip.toString());
        assertTrue(flip.skewMs() < 100, "skew " + flip.skewMs() + " ms");
        assertEquals("the appliance did not decide at T; 2 of 2 screens committed on their own", flip.reason());
        FlipResult reported = site.outcome();
        assertEquals(FlipResult.AUTONOMOUS, reported.outcome());
        assertEquals(2, reported.autonomousCommits(), "reported upstream, where a guardrail counts them");
    }

    @Test
    void aScreenDownAtTheFlipCatchesUpWhenItComesBack() throws Exception {
        site = new FlipSite(dir, 3, FlipConfig.defaults());
        site.start(1, Duration.ZERO);
        site.start(2, Duration.ZERO);
        site.start(3, Duration.ZERO);
        Instant t = FlipSite.T0.plus(Duration.ofMinutes(5));
        site.plan("main/v2", 319, t, 7);
        site.at(FlipSite.T0.plusSeconds(1));
        site.until("all prepared", f -> f.devices().size() == 3
                && f.devices().stream().allMatch(d -> d.answer() == FlipOutcome.PREPARED));
        site.stop("board-3");
        site.at(t);
        site.until("two committed", f -> f.devices().stream().filter(d -> d.committedAt() != null).count() == 2);

        site.now.set(t.plusSeconds(20));
        DisplayAgent back = site.start(3, Duration.ZERO);
        FlipSite.until("board-3 caught up", () -> shows(back, "main/v2"));
        FlipView.Flip flip = site.until("board-3 reported", f -> f.devices().stream().allMatch(d -> d.committedAt() != null));
        FlipView.Device three = flip.devices().stream().filter(d -> d.deviceId().equals("board-3")).findFirst().orElseThrow();
        assertEquals(Boolean.FALSE, three.autonomous(), "on the retained COMMIT");
        assertTrue(three.committedAt().isAfter(t.plusSeconds(19)), three.toString());
    }
}
