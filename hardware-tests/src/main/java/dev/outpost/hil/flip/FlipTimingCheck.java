package dev.outpost.hil.flip;

import dev.outpost.appliance.flip.FlipView;
import dev.outpost.hil.Verdict;
import dev.outpost.hil.Waits;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * N screens flip together: the flip must commit on every screen, and its commit skew (latest minus earliest commit
 * instant in site time, as the appliance reports it) is measured and reported. Timing fails the check only beyond
 * the SLO of ARCHITECTURE.md §1, {@value #SLO_MS} ms; the goal, 50 ms, is reported, never enforced.
 */
public final class FlipTimingCheck {
    static final long SLO_MS = 1000;

    private FlipTimingCheck() {
    }

    public static Verdict run(FlipSource source, Duration deadline) throws Exception {
        Optional<FlipView.Flip> found = source.next(deadline);
        if (found.isEmpty()) {
            return Verdict.fail(source.describe() + ": no flip decided with every screen's commit within "
                    + Waits.format(deadline));
        }
        FlipView.Flip flip = found.get();
        List<FlipView.Device> committed = flip.devices().stream().filter(d -> d.committedAt() != null).toList();
        long autonomous = committed.stream().filter(d -> Boolean.TRUE.equals(d.autonomous())).count();
        String what = "flip to " + flip.versionId() + " at " + flip.activateAt() + ": ";
        if (!"COMMITTED".equals(flip.state()) || committed.size() < source.screens() || flip.skewMs() == null) {
            return Verdict.fail(what + flip.state() + " (" + flip.reason() + "), " + committed.size() + " of "
                    + source.screens() + " screens committed: " + flip.devices());
        }
        String timing = committed.size() + " screens committed, skew " + flip.skewMs() + " ms (goal 50 ms, SLO "
                + SLO_MS + " ms), " + autonomous + " on their own grace timer";
        return flip.skewMs() > SLO_MS ? Verdict.fail(what + timing + ": over the SLO")
                : Verdict.pass(what + timing);
    }
}
