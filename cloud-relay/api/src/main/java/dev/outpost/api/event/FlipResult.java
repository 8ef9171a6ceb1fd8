package dev.outpost.api.event;

import dev.outpost.api.json.Document;
import dev.outpost.api.json.Fields;
import dev.outpost.api.json.InvalidFieldException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The payload of {@code flip.prepared}, {@code flip.commit} and {@code flip.abort}: how a flip of one variant and
 * locale of a site went, as its appliance saw it.
 *
 * @param outcome           PREPARED (every screen prepared before T); COMMITTED (the appliance committed and every
 *                          screen that took part is on the version); MIXED (committed, but screens still disagree after
 *                          flip.mixed-bound); AUTONOMOUS (the appliance never decided: the screens committed on their
 *                          own at T + grace); ABORTED
 * @param devices           the screens the flip was for
 * @param prepared          how many of them answered PREPARED
 * @param committed         how many reported their commit
 * @param autonomousCommits how many of those committed on their own (no COMMIT heard by T + grace)
 * @param notTakingPart     the screens that aborted, stayed silent or never reported a commit, each with why
 * @param disagreeing       the screens still showing another version when the flip was reported
 * @param commits           each screen's commit instant, in site time, and whether it committed on its own
 */
@Document("flip_result")
public record FlipResult(UUID flipId, String variant, String locale, String versionId, String sha256, Instant activateAt,
                         String outcome, String reason, int devices, int prepared, int committed, int autonomousCommits,
                         List<String> notTakingPart, List<String> disagreeing, List<DeviceCommit> commits) {
    public static final String PREPARED = "PREPARED";
    public static final String COMMITTED = "COMMITTED";
    public static final String MIXED = "MIXED";
    public static final String AUTONOMOUS = "AUTONOMOUS";
    public static final String ABORTED = "ABORTED";

    /** One screen's commit. */
    public record DeviceCommit(String deviceId, Instant committedAt, boolean autonomous) {
        public DeviceCommit {
            Fields.nonBlank("device_id", deviceId);
            Fields.present("committed_at", committedAt);
        }
    }

    public FlipResult {
        Fields.present("flip_id", flipId);
        Fields.nonBlank("variant", variant);
        Fields.nonBlank("locale", locale);
        Fields.nonBlank("version_id", versionId);
        Fields.sha256("sha256", sha256);
        Fields.present("activate_at", activateAt);
        Fields.oneOf("outcome", outcome, List.of(PREPARED, COMMITTED, MIXED, AUTONOMOUS, ABORTED));
        Fields.nonBlank("reason", reason);
        Fields.notNegative("devices", devices);
        atMost("prepared", prepared, "devices", devices);
        atMost("committed", committed, "devices", devices);
        atMost("autonomous_commits", autonomousCommits, "committed", committed);
        notTakingPart = Fields.nonBlankList("not_taking_part", notTakingPart);
        disagreeing = Fields.nonBlankList("disagreeing", disagreeing);
        commits = Fields.list("commits", commits);
        if (commits.size() != committed) {
            throw new InvalidFieldException("commits", "must hold one entry per committed screen (" + committed
                    + "), held " + commits.size());
        }
        Set<String> seen = new HashSet<>();
        for (DeviceCommit c : commits) {
            if (!seen.add(c.deviceId())) {
                throw new InvalidFieldException("commits", "names device '" + c.deviceId() + "' twice");
            }
        }
        long autonomous = commits.stream().filter(DeviceCommit::autonomous).count();
        if (autonomous != autonomousCommits) {
            throw new InvalidFieldException("autonomous_commits", "must count the autonomous commits (" + autonomous
                    + "), was " + autonomousCommits);
        }
    }

    /** The event type this outcome is reported as. */
    public static String typeOf(String outcome) {
        return switch (outcome) {
            case PREPARED -> "flip.prepared";
            case ABORTED -> "flip.abort";
            default -> "flip.commit";
        };
    }

    private static void atMost(String field, int value, String boundField, int bound) {
        Fields.notNegative(field, value);
        if (value > bound) {
            throw new InvalidFieldException(field, "must not exceed " + boundField + " (" + bound + "), was " + value);
        }
    }
}
