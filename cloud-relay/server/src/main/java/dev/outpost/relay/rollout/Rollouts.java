package dev.outpost.relay.rollout;

import dev.outpost.api.manifest.ManifestEntry;
import dev.outpost.relay.manifest.Manifests;
import dev.outpost.relay.plan.Plan;
import dev.outpost.relay.plan.Plans;
import dev.outpost.relay.store.Store;
import dev.outpost.relay.stores.StoreDirectory;
import dev.outpost.relay.stores.StoreProfile;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads of how menus roll out: a plan's progress, and the freshness of every store. Both are computed from the
 * projected {@code menu_site_state}, the store directory and the heartbeats, against the reading relay's clock;
 * freshness also from the live plans, as the store's manifest would say them now.
 */
public final class Rollouts {
    private final Store store;
    private final InstantSource clock;
    private final Duration staleAfter;

    /** @param staleAfter fleet.stale-after: a store with no heartbeat for longer is offline */
    public Rollouts(Store store, InstantSource clock, Duration staleAfter) {
        this.store = store;
        this.clock = clock;
        this.staleAfter = staleAfter;
    }

    public PlanProgress progress(String planId) {
        return store.inTransaction("plan progress", tx -> {
            Plan plan = Plans.plan(tx, planId);
            Map<String, List<SlotState>> slots = MenuStates.bySite(tx, plan.variantId());
            Map<String, Instant> heartbeats = MenuStates.heartbeats(tx);
            Map<String, Freshness.Tier> tiers = SiteTiers.all(tx);
            Instant now = clock.instant();
            boolean live = plan.state().equals(Plan.ACTIVE) || plan.state().equals(Plan.PAUSED);
            List<Map<String, String>> perStage = new ArrayList<>();
            plan.stages().forEach(p -> perStage.add(new LinkedHashMap<>()));
            Map<String, String> total = new LinkedHashMap<>();
            for (StoreProfile s : StoreDirectory.all(tx)) {
                if (!plan.targets().matches(s)) {
                    continue;
                }
                int bucket = Plan.bucket(plan.salt(), s.siteId());
                int stage = 0;
                while (stage < plan.stages().size() && bucket >= plan.stages().get(stage)) {
                    stage++; // past the last stage: a store the plan never reaches (its last stage is below 100%)
                }
                String state = live && stage <= plan.stage()
                        ? PlanProgress.stateOf(plan, s, slots.getOrDefault(s.siteId(), List.of()),
                        heartbeats.get(s.siteId()), now, staleAfter)
                        : "waiting";
                if (stage < plan.stages().size()) {
                    perStage.get(stage).put(s.siteId(), state);
                }
                total.put(s.siteId(), state);
            }
            List<PlanProgress.Stage> stages = new ArrayList<>();
            for (int i = 0; i < plan.stages().size(); i++) {
                stages.add(new PlanProgress.Stage(i + 1, i == 0 ? 0 : plan.stages().get(i - 1), plan.stages().get(i),
                        live && i <= plan.stage(), PlanProgress.Tally.of(perStage.get(i))));
            }
            return new PlanProgress(plan.id(), plan.versionId(), plan.state(), plan.stage() + 1, plan.percent(), now,
                    PlanProgress.Tally.of(total), stages);
        });
    }

    /** Every store in the directory, or those of {@code region} and / or {@code country} (null: any). */
    public Freshness freshness(String region, String country) {
        return store.inTransaction("freshness", tx -> {
            Map<String, List<SlotState>> slots = MenuStates.all(tx);
            Map<String, Instant> heartbeats = MenuStates.heartbeats(tx);
            Map<String, Freshness.Tier> tiers = SiteTiers.all(tx);
            List<Plans.Poison> poisons = Plans.poisons(tx);
            Instant now = clock.instant();
            List<Freshness.Store> out = new ArrayList<>();
            for (StoreProfile s : StoreDirectory.all(tx)) {
                if (region != null && !region.equals(s.region()) || country != null && !country.equals(s.country())) {
                    continue;
                }
                Instant heard = heartbeats.get(s.siteId());
                Duration age = heard == null ? null : Duration.between(heard, now);
                List<SlotState> menus = slots.getOrDefault(s.siteId(), List.of());
                TreeSet<String> disagreeing = new TreeSet<>();
                menus.forEach(m -> disagreeing.addAll(m.disagreeing()));
                List<Freshness.Planned> planned = new ArrayList<>();
                List<String> behind = new ArrayList<>();
                for (ManifestEntry e : Manifests.planned(tx, s, poisons, now)) {
                    planned.add(new Freshness.Planned(e.variant(), e.locale(), e.versionId(), e.activateAt()));
                    boolean shown = menus.stream().anyMatch(m -> m.variantId().equals(e.variant())
                            && m.locale().equals(e.locale()) && e.versionId().equals(m.currentVersion()));
                    if (!shown) {
                        behind.add(e.slot());
                    }
                }
                out.add(new Freshness.Store(s.siteId(), s.region(), s.country(), s.zone(), heard,
                        age == null ? null : Math.max(0, age.toSeconds()), age == null || age.compareTo(staleAfter) > 0,
                        List.copyOf(disagreeing), menus.stream().mapToInt(SlotState::autonomousCommits).sum(), planned,
                        behind, menus, tiers.get(s.siteId())));
            }
            out.sort(Comparator.comparing(Freshness.Store::siteId));
            return new Freshness(now, out);
        });
    }
}
