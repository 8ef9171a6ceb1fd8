package dev.outpost.hil.flip;

import dev.outpost.appliance.flip.FlipView;
import dev.outpost.site.message.FlipOutcome;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the flip check gets a flip of the bench's screens: the sim bench makes one on screens it runs in process
 * ({@link SimFlips}); a real bench reads the next flip its appliance decides ({@link ApplianceFlips}).
 */
public interface FlipSource extends AutoCloseable {

    /** The screens that must take part. */
    int screens();

    /** What the flip is and where it comes from, for the report. */
    String describe();

    /**
     * The next flip, once the appliance decided it and every screen that prepared reported its commit; empty when
     * none is within {@code deadline}.
     */
    Optional<FlipView.Flip> next(Duration deadline) throws Exception;

    @Override
    void close();

    /** Decided, and every screen that prepared has reported its commit: all there is to know about {@code flip}. */
    static boolean reported(FlipView.Flip flip) {
        return !"PREPARING".equals(flip.state()) && flip.devices().stream()
                .noneMatch(d -> d.answer() == FlipOutcome.PREPARED && d.committedAt() == null);
    }
}
