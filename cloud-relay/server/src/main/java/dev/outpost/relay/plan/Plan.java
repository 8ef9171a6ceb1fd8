package dev.outpost.relay.plan;

import dev.outpost.relay.blob.Blobs;
import dev.outpost.relay.stores.StoreProfile;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * An activation plan: version {@code number} of {@code variantId} goes live for the stores it targets, at
 * {@code activateAt} (UTC) or at {@code activateLocal} in each store's zone, for the stores whose bucket is below
 * the current stage's percent.
 *
 * @param signoffs  the targeted countries signed off so far, with who signed
 * @param guardrail when the current stage pauses by itself
 */
public record Plan(String id, String variantId, int number, String kind, Instant activateAt, LocalDateTime activateLocal,
                   Targets targets, List<Integer> stages, int stage, String salt, String state, List<String> countries,
                   Map<String, String> signoffs, String createdBy, Instant createdAt, Guardrail guardrail) {
    public static final String PLAN = "PLAN";
    public static final String ROLLBACK = "ROLLBACK";
    public static final String AWAITING_SIGNOFF = "AWAITING_SIGNOFF";
    public static final String ACTIVE = "ACTIVE";
    public static final String PAUSED = "PAUSED";
    public static final String ABORTED = "ABORTED";

    /** The store's bucket, 0-99: the same for a store and a salt forever, so raising the percent only adds stores. */
    public static int bucket(String salt, String siteId) {
        byte[] hash = HexFormat.of().parseHex(Blobs.sha256((salt + ":" + siteId).getBytes(StandardCharsets.UTF_8)));
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (hash[i] & 0xff);
        }
        return (int) Long.remainderUnsigned(value, 100);
    }

    public int percent() {
        return stages.get(stage);
    }

    /** The version id the plan puts on its stores, as manifests and sites name it ({@code main/v3}). */
    public String versionId() {
        return variantId + "/v" + number;
    }

    /** Whether the plan puts its version on {@code store} (live, targeted and in the current stage). */
    public boolean covers(StoreProfile store) {
        return (state.equals(ACTIVE) || state.equals(PAUSED)) && targets.matches(store)
                && bucket(salt, store.siteId()) < percent();
    }

    /** When the version goes live at {@code store}. */
    public Instant activationAt(StoreProfile store) {
        return activateAt != null ? activateAt : activateLocal.atZone(store.zoneId()).toInstant();
    }
}
