package dev.outpost.relay.rollout;

import java.time.Instant;
import java.util.List;

/**
 * What a site reported of one menu slot (a variant in a locale), as kept in {@code menu_site_state}.
 *
 * @param currentVersion    the version it last committed, null before its first commit
 * @param targetVersion     the version it works towards: the latest activation it reported a milestone of
 * @param state             how far it got with the target: DOWNLOADED, PREPARED, COMMITTED or FAILED
 * @param devices           the screens of its last flip of the target (0 before one)
 * @param autonomousCommits of them, how many committed on their own
 * @param notTakingPart     screens that aborted, stayed silent or never reported a commit, each with why
 * @param disagreeing       screens still on another version when the flip was reported
 * @param reportedAt        when the site observed the milestone, on its clock
 * @param receivedAt        when the relay stored it, on the relay's clock
 */
public record SlotState(String siteId, String variantId, String locale, String currentVersion, Instant currentActivateAt,
                        String targetVersion, Instant targetActivateAt, String state, String reason, int devices,
                        int autonomousCommits, List<String> notTakingPart, List<String> disagreeing, Instant reportedAt,
                        Instant receivedAt) {
    public static final String DOWNLOADED = "DOWNLOADED";
    public static final String PREPARED = "PREPARED";
    public static final String COMMITTED = "COMMITTED";
    public static final String FAILED = "FAILED";

    public SlotState {
        notTakingPart = List.copyOf(notTakingPart);
        disagreeing = List.copyOf(disagreeing);
    }

    /** How far along a state is: a milestone never moves a slot back on the same target. */
    static int rank(String state) {
        return switch (state) {
            case DOWNLOADED -> 1;
            case PREPARED -> 2;
            default -> 3;
        };
    }
}
