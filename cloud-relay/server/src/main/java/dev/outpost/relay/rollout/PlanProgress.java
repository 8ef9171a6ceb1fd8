package dev.outpost.relay.rollout;

import dev.outpost.relay.plan.Plan;
import dev.outpost.relay.stores.StoreProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/plans/{id}/progress}: the stores a plan targets, per stage and in all, counted and listed by state.
 *
 * @param total  every targeted store
 * @param stages per stage, the stores it adds (bucket from the previous stage's percent up to its own); a stage not
 *               reached yet ({@code included} false) holds only waiting stores
 */
public record PlanProgress(String planId, String versionId, String state, int stage, int percent, Instant serverTime,
                           Tally total, List<Stage> stages) {
    /** How many stores each state lists at most; its count is always exact. */
    public static final int MAX_LISTED = 100;
    /** A store's state for a plan, most advanced first. */
    public static final List<String> STATES = List.of("committed", "failed", "prepared", "downloaded", "offline",
            "waiting");

    public record Stage(int stage, int fromPercent, int toPercent, boolean included, Tally tally) {
    }

    /** @param listed per state, its stores by site id, at most {@link #MAX_LISTED} */
    public record Tally(int stores, Map<String, Integer> counts, Map<String, List<String>> listed) {
        static Tally of(Map<String, String> stateBySite) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            Map<String, List<String>> listed = new LinkedHashMap<>();
            for (String state : STATES) {
                counts.put(state, 0);
                listed.put(state, new ArrayList<>());
            }
            stateBySite.forEach((site, state) -> {
                counts.merge(state, 1, Integer::sum);
                List<String> list = listed.get(state);
                if (list.size() < MAX_LISTED) {
                    list.add(site);
                }
            });
            listed.replaceAll((state, list) -> list.stream().sorted().toList());
            return new Tally(stateBySite.size(), counts, listed);
        }
    }

    /**
     * The slots of {@code store} that report on this plan's version at the store's activation of it: as their target,
     * or as their current version (then COMMITTED, even if the site has moved on to a later target since).
     */
    static List<SlotState> ofPlan(Plan plan, StoreProfile store, List<SlotState> slots) {
        Instant at = plan.activationAt(store);
        List<SlotState> out = new ArrayList<>();
        for (SlotState s : slots) {
            if (s.targetVersion().equals(plan.versionId()) && s.targetActivateAt().equals(at)) {
                out.add(s);
            } else if (plan.versionId().equals(s.currentVersion()) && at.equals(s.currentActivateAt())) {
                out.add(new SlotState(s.siteId(), s.variantId(), s.locale(), s.currentVersion(), s.currentActivateAt(),
                        s.currentVersion(), s.currentActivateAt(), SlotState.COMMITTED, null, 0, 0, List.of(), List.of(),
                        s.reportedAt(), s.receivedAt()));
            }
        }
        return out;
    }

    /**
     * A targeted store's state for a plan: failed if a slot failed, committed once every slot reporting on it
     * committed; otherwise offline when its heartbeat is older than {@code staleAfter} (or never came), else how far
     * its least advanced slot got, or waiting when none reported on the plan yet.
     */
    static String stateOf(Plan plan, StoreProfile store, List<SlotState> slots, Instant heartbeat, Instant now,
                          Duration staleAfter) {
        List<SlotState> mine = ofPlan(plan, store, slots);
        if (mine.stream().anyMatch(s -> s.state().equals(SlotState.FAILED))) {
            return "failed";
        }
        if (!mine.isEmpty() && mine.stream().allMatch(s -> s.state().equals(SlotState.COMMITTED))) {
            return "committed";
        }
        if (heartbeat == null || Duration.between(heartbeat, now).compareTo(staleAfter) > 0) {
            return "offline";
        }
        if (mine.isEmpty()) {
            return "waiting";
        }
        return mine.stream().anyMatch(s -> s.state().equals(SlotState.DOWNLOADED)) ? "downloaded" : "prepared";
    }
}
