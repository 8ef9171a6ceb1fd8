package dev.outpost.relay.rollout;

import dev.outpost.api.event.EventEnvelope;
import dev.outpost.api.event.EventTypes;
import dev.outpost.api.event.FlipResult;
import dev.outpost.api.event.MenuDownloaded;
import dev.outpost.api.json.Json;
import dev.outpost.relay.plan.Plan;
import dev.outpost.relay.plan.Plans;
import dev.outpost.relay.store.Tx;
import dev.outpost.relay.stores.StoreDirectory;
import dev.outpost.relay.stores.StoreProfile;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.tinylog.Logger;

/**
 * The menu state of every site, projected from the milestones its appliance reports ({@code menu.downloaded},
 * {@code flip.prepared}, {@code flip.commit}, {@code flip.abort}) into {@code menu_site_state}, one row per site and
 * slot, in the transaction that stores the events in the inbox; then the guardrail of every ACTIVE plan of a variant
 * that just saw a failure or an autonomous commit is checked, and a breached one paused in that same transaction.
 *
 * <p>Design: a milestone of a later activation makes it the slot's target; one of the target itself only moves its
 * state forward (a late DOWNLOADED never undoes a COMMITTED); one of an older activation changes nothing but the
 * current version if it is a commit newer than the current one. So the outbox's order and its retries do not matter.
 * A site's events come through its one outbox, one batch at a time, so two relays do not race on its rows.
 */
public final class MenuStates {
    private static final String COLUMNS = "site_id, variant_id, locale, current_version, current_activate_at,"
            + " target_version, target_activate_at, state, reason, devices, autonomous_commits, not_taking_part,"
            + " disagreeing, reported_at, received_at";
    private final Plans plans;

    public MenuStates(Plans plans) {
        this.plans = plans;
    }

    /** A milestone as the projection reads it. */
    private record Milestone(String variant, String locale, String versionId, Instant activateAt, String state,
                             boolean committed, String reason, int devices, int autonomous, List<String> notTakingPart,
                             List<String> disagreeing) {
        static Milestone of(Object payload) {
            if (payload instanceof MenuDownloaded d) {
                return new Milestone(d.variant(), d.locale(), d.versionId(), d.activateAt(), SlotState.DOWNLOADED, false,
                        null, 0, 0, List.of(), List.of());
            }
            FlipResult r = (FlipResult) payload;
            String state = switch (r.outcome()) {
                case FlipResult.PREPARED -> SlotState.PREPARED;
                case FlipResult.ABORTED -> SlotState.FAILED;
                default -> SlotState.COMMITTED;
            };
            return new Milestone(r.variant(), r.locale(), r.versionId(), r.activateAt(), state,
                    state.equals(SlotState.COMMITTED), r.reason(), r.devices(), r.autonomousCommits(), r.notTakingPart(),
                    r.disagreeing());
        }
    }

    /** The inbox's follow-up ({@code StoredEvents}): projects the events it newly stored, then checks guardrails. */
    public void stored(Tx tx, String site, List<EventEnvelope> stored, Instant now) throws SQLException {
        Set<String> troubled = new TreeSet<>();
        for (EventEnvelope event : stored) {
            Object payload = EventTypes.payload(event.type(), event.payload()).orElse(null);
            if (!(payload instanceof MenuDownloaded || payload instanceof FlipResult)) {
                continue; // not a menu milestone (a sale event has a contract too)
            }
            Milestone m = Milestone.of(payload);
            apply(tx, site, m, event.occurredAt(), now);
            if (m.state().equals(SlotState.FAILED) || m.autonomous() > 0) {
                troubled.add(m.variant());
            }
        }
        if (!troubled.isEmpty()) {
            guard(tx, troubled);
        }
    }

    private void apply(Tx tx, String site, Milestone m, Instant reportedAt, Instant now) throws SQLException {
        Optional<SlotState> row = tx.queryOne("SELECT " + COLUMNS + " FROM menu_site_state WHERE site_id = ? AND"
                + " variant_id = ? AND locale = ?", MenuStates::row, site, m.variant(), m.locale());
        SlotState was = row.orElse(null);
        boolean newTarget = was == null || m.activateAt().isAfter(was.targetActivateAt())
                || m.activateAt().equals(was.targetActivateAt()) && !m.versionId().equals(was.targetVersion());
        boolean forward = !newTarget && m.activateAt().equals(was.targetActivateAt())
                && SlotState.rank(m.state()) >= SlotState.rank(was.state());
        boolean newCurrent = m.committed() && (was == null || was.currentActivateAt() == null
                || !m.activateAt().isBefore(was.currentActivateAt()));
        if (!newTarget && !forward && !newCurrent) {
            return;
        }
        SlotState next = newTarget || forward
                ? new SlotState(site, m.variant(), m.locale(), null, null, m.versionId(), m.activateAt(), m.state(),
                        m.reason(), m.devices(), m.autonomous(), m.notTakingPart(), m.disagreeing(), reportedAt, now)
                : was;
        String currentVersion = newCurrent ? m.versionId() : was == null ? null : was.currentVersion();
        Instant currentAt = newCurrent ? m.activateAt() : was == null ? null : was.currentActivateAt();
        tx.update("INSERT INTO menu_site_state (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (site_id, variant_id, locale) DO UPDATE SET"
                        + " current_version = excluded.current_version, current_activate_at = excluded.current_activate_at,"
                        + " target_version = excluded.target_version, target_activate_at = excluded.target_activate_at,"
                        + " state = excluded.state, reason = excluded.reason, devices = excluded.devices,"
                        + " autonomous_commits = excluded.autonomous_commits, not_taking_part = excluded.not_taking_part,"
                        + " disagreeing = excluded.disagreeing, reported_at = excluded.reported_at,"
                        + " received_at = excluded.received_at",
                site, m.variant(), m.locale(), currentVersion, str(currentAt), next.targetVersion(),
                next.targetActivateAt().toString(), next.state(), next.reason(), next.devices(), next.autonomousCommits(),
                Json.writeString(next.notTakingPart()), Json.writeString(next.disagreeing()), next.reportedAt().toString(),
                next.receivedAt().toString());
    }

    /** Pauses every ACTIVE plan of {@code variants} whose current stage breaches its guardrail. */
    private void guard(Tx tx, Set<String> variants) throws SQLException {
        List<StoreProfile> directory = null;
        for (Plan plan : Plans.live(tx)) {
            if (!plan.state().equals(Plan.ACTIVE) || !variants.contains(plan.variantId())) {
                continue;
            }
            if (directory == null) {
                directory = StoreDirectory.all(tx);
            }
            Map<String, List<SlotState>> slots = bySite(tx, plan.variantId());
            int stores = 0;
            int failed = 0;
            int autonomous = 0;
            for (StoreProfile store : directory) {
                if (plan.covers(store)) {
                    List<SlotState> mine = PlanProgress.ofPlan(plan, store, slots.getOrDefault(store.siteId(), List.of()));
                    stores++;
                    failed += mine.stream().anyMatch(s -> s.state().equals(SlotState.FAILED)) ? 1 : 0;
                    autonomous += mine.stream().anyMatch(s -> s.autonomousCommits() > 0) ? 1 : 0;
                }
            }
            Optional<String> breach = plan.guardrail().breach(plan.stage(), stores, failed, autonomous);
            if (breach.isPresent() && plans.pauseByGuardrail(tx, plan.id(), breach.get() + " (" + plan.versionId() + ")")) {
                Logger.warn("plan {} of {} PAUSED: {}", plan.id(), plan.versionId(), breach.get());
            }
        }
    }

    /** Every site's slots of {@code variant}, by site. */
    static Map<String, List<SlotState>> bySite(Tx tx, String variant) throws SQLException {
        Map<String, List<SlotState>> out = new HashMap<>();
        for (SlotState s : tx.query("SELECT " + COLUMNS + " FROM menu_site_state WHERE variant_id = ?", MenuStates::row,
                variant)) {
            out.computeIfAbsent(s.siteId(), k -> new java.util.ArrayList<>()).add(s);
        }
        return out;
    }

    /** Every slot of every site, by site, in slot order. */
    static Map<String, List<SlotState>> all(Tx tx) throws SQLException {
        Map<String, List<SlotState>> out = new HashMap<>();
        for (SlotState s : tx.query("SELECT " + COLUMNS + " FROM menu_site_state ORDER BY site_id, variant_id, locale",
                MenuStates::row)) {
            out.computeIfAbsent(s.siteId(), k -> new java.util.ArrayList<>()).add(s);
        }
        return out;
    }

    /** When the relay last heard each site's heartbeat, on its clock. */
    static Map<String, Instant> heartbeats(Tx tx) throws SQLException {
        Map<String, Instant> out = new HashMap<>();
        for (var e : tx.query("SELECT site_id, received_at FROM fleet_site", r -> Map.entry(r.getString(1),
                Instant.parse(r.getString(2))))) {
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    private static SlotState row(ResultSet r) throws SQLException {
        return new SlotState(r.getString(1), r.getString(2), r.getString(3), r.getString(4), instant(r.getString(5)),
                r.getString(6), Instant.parse(r.getString(7)), r.getString(8), r.getString(9), r.getInt(10), r.getInt(11),
                List.of(Json.read(r.getString(12), String[].class)), List.of(Json.read(r.getString(13), String[].class)),
                Instant.parse(r.getString(14)), Instant.parse(r.getString(15)));
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    private static String str(Instant at) {
        return at == null ? null : at.toString();
    }
}
