package dev.outpost.hil.flip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.outpost.appliance.flip.FlipView;
import dev.outpost.hil.Verdict;
import dev.outpost.site.message.FlipOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A flip's skew is measured, never judged against the 50 ms goal; only beyond the 1 s SLO, or a screen left out, fails. */
class FlipTimingCheckTest {
    static final Instant T = Instant.parse("2027-03-01T11:00:00Z");

    static FlipView.Device committed(String id, long afterMs, boolean autonomous) {
        return new FlipView.Device(id, FlipOutcome.PREPARED, null, T.plusMillis(afterMs), autonomous);
    }

    static FlipSource source(int screens, FlipView.Flip flip) {
        return new FlipSource() {
            @Override
            public int screens() {
                return screens;
            }

            @Override
            public String describe() {
                return screens + " test screens";
            }

            @Override
            public Optional<FlipView.Flip> next(Duration deadline) {
                return Optional.ofNullable(flip);
            }

            @Override
            public void close() {
            }
        };
    }

    static FlipView.Flip flip(String state, Long skewMs, List<FlipView.Device> devices) {
        return new FlipView.Flip(UUID.randomUUID(), "main", "en-US", "main/v2", "ab", T, state, "all prepared", T,
                T, skewMs, devices);
    }

    @Test
    void aSkewOverTheGoalButWithinTheSloPasses() throws Exception {
        Verdict verdict = FlipTimingCheck.run(source(2, flip("COMMITTED", 400L, List.of(committed("b-1", 0, false),
                committed("b-2", 400, true)))), Duration.ofSeconds(1));
        assertEquals(Verdict.pass("flip to main/v2 at 2027-03-01T11:00:00Z: 2 screens committed, skew 400 ms (goal 50 "
                + "ms, SLO 1000 ms), 1 on their own grace timer"), verdict);
    }

    @Test
    void aSkewOverTheSloFails() throws Exception {
        Verdict verdict = FlipTimingCheck.run(source(2, flip("COMMITTED", 1500L, List.of(committed("b-1", 0, false),
                committed("b-2", 1500, true)))), Duration.ofSeconds(1));
        assertEquals(Verdict.fail("flip to main/v2 at 2027-03-01T11:00:00Z: 2 screens committed, skew 1500 ms (goal 50 "
                + "ms, SLO 1000 ms), 1 on their own grace timer: over the SLO"), verdict);
    }

    @Test
    void aScreenThatDidNotCommitFails() throws Exception {
        FlipView.Device aborted = new FlipView.Device("b-2", FlipOutcome.ABORT, "blob hash mismatch", null, null);
        Verdict verdict = FlipTimingCheck.run(source(2, flip("COMMITTED", 0L, List.of(committed("b-1", 0, false),
                aborted))), Duration.ofSeconds(1));
        assertEquals(false, verdict.passed());
        assertEquals("flip to main/v2 at 2027-03-01T11:00:00Z: COMMITTED (all prepared), 1 of 2 screens committed: ",
                verdict.message().substring(0, verdict.message().indexOf("[")));
    }

    @Test
    void noFlipWithinTheDeadlineFails() throws Exception {
        assertEquals(Verdict.fail("2 test screens: no flip decided with every screen's commit within 1000 ms"),
                FlipTimingCheck.run(source(2, null), Duration.ofSeconds(1)));
    }
}
