package dev.outpost.relay.plan;

import dev.outpost.api.json.Json;
import dev.outpost.relay.audit.AuditEntry;
import dev.outpost.relay.audit.AuditLog;
import dev.outpost.relay.http.HttpProblem;
import dev.outpost.relay.store.Store;
import dev.outpost.relay.store.Tx;
import dev.outpost.relay.stores.StoreDirectory;
import dev.outpost.relay.stores.StoreProfile;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Activation plans, rollbacks and poisons (ARCHITECTURE.md §5.2). A plan names a PUBLISHED version, when it goes
 * live (one UTC instant, or a local time in each store's zone), which stores (targets) and in which stages. It is
 * live once a regulator for every targeted country has signed it off; a publisher then moves it through its stages,
 * pauses, resumes or aborts it. A rollback puts a previous published version on a filter of stores now, without
 * sign-off; a poison replaces a version by a named safe one everywhere, before anything else. Every change is
 * audited and tells every site to pull its manifest.
 */
public final class Plans {
    private static final String COLUMNS = "id, variant_id, number, kind, activate_at, activate_local, targets_json,"
            + " stages_json, stage, salt, state, countries, created_by, created_at, max_failed_pct, max_autonomous_pct";
    private final Store store;
    private final AuditLog audit;
    private final InstantSource clock;
    private final SecureRandom random = new SecureRandom();

    public Plans(Store store, AuditLog audit, InstantSource clock) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    /** A version replaced wherever it would show. */
    public record Poison(String variantId, int number, int safeNumber, String poisonedBy, Instant poisonedAt) {
    }

    /** A plan with, per targeted store, its bucket, whether the current stage includes it, and when it goes live. */
    public record PlanView(Plan plan, List<PlannedStore> stores) {
    }

    public record PlannedStore(String siteId, String country, String zone, int bucket, boolean included,
                               Instant activateAt) {
    }

    // ---- changes ----

    public Plan create(String actor, String variantId, int number, Instant at, LocalDateTime local, Targets targets,
                       List<Integer> stages, Guardrail guardrail, String reason) {
        if ((at == null) == (local == null)) {
            throw HttpProblem.badRequest("plan: give exactly one of activate_at (a UTC instant) and activate_local (a"
                    + " store-local date and time such as 2026-11-23T06:00)");
        }
        checkStages(stages);
        return store.inTransaction("plan", tx -> {
            requirePublished(tx, variantId, number);
            List<StoreProfile> targeted = targeted(tx, targets);
            TreeSet<String> countries = new TreeSet<>();
            targeted.forEach(s -> countries.add(s.country()));
            Plan plan = new Plan(UUID.randomUUID().toString(), variantId, number, Plan.PLAN, at, local, targets, stages, 0,
                    salt(), Plan.AWAITING_SIGNOFF, List.copyOf(countries), Map.of(), actor, clock.instant(), guardrail);
            insert(tx, plan);
            audit.append(tx, new AuditEntry(actor, "plan.created", "plan:" + plan.id(), null, Json.toTree(plan), reason));
            return plan;
        });
    }

    /** A previous published version, now, for the stores {@code targets} matches: live at once, no sign-off. */
    public Plan rollback(String actor, String variantId, int number, Targets targets, String reason) {
        return store.inTransaction("rollback", tx -> {
            requirePublished(tx, variantId, number);
            List<StoreProfile> targeted = targeted(tx, targets);
            TreeSet<String> countries = new TreeSet<>();
            targeted.forEach(s -> countries.add(s.country()));
            Plan plan = new Plan(UUID.randomUUID().toString(), variantId, number, Plan.ROLLBACK, clock.instant(), null,
                    targets, List.of(100), 0, salt(), Plan.ACTIVE, List.copyOf(countries), Map.of(), actor, clock.instant(),
                    Guardrail.DEFAULT);
            insert(tx, plan);
            audit.append(tx, new AuditEntry(actor, "plan.rollback", "plan:" + plan.id(), null, Json.toTree(plan), reason));
            StoreDirectory.menusChanged(tx);
            return plan;
        });
    }

    /** A regulator for {@code country} signs the plan off; the last sign-off makes it live. */
    public Plan signOff(String actor, String planId, String country, String reason) {
        return store.inTransaction("plan_signoff", tx -> {
            Plan before = plan(tx, planId);
            if (!before.state().equals(Plan.AWAITING_SIGNOFF)) {
                throw HttpProblem.conflict("plan " + planId + ": is " + before.state() + ", not waiting for sign-off");
            }
            if (!before.countries().contains(country)) {
                throw HttpProblem.conflict("plan " + planId + ": targets no store in " + country + " (it targets "
                        + String.join(", ", before.countries()) + ")");
            }
            if (before.signoffs().containsKey(country)) {
                throw HttpProblem.conflict("plan " + planId + ": " + country + " was signed off by "
                        + before.signoffs().get(country));
            }
            if (before.createdBy().equals(actor)) {
                throw HttpProblem.conflict("plan " + planId + ": made by " + actor + ", who cannot also sign it off;"
                        + " another approver for " + country + " must");
            }
            tx.update("INSERT INTO menu_plan_signoff (plan_id, country, signed_by, signed_at) VALUES (?, ?, ?, ?)", planId,
                    country, actor, clock.instant().toString());
            if (before.signoffs().size() + 1 == before.countries().size()) {
                setState(tx, planId, Plan.ACTIVE);
            }
            Plan after = plan(tx, planId);
            audit.append(tx, new AuditEntry(actor, "plan.signed-off", "plan:" + planId, Json.toTree(before),
                    Json.toTree(after), country + ": " + reason));
            return after;
        });
    }

    /** The next stage: more stores (the same ones as before, and more). */
    public Plan advance(String actor, String planId, String reason) {
        return change(actor, planId, "plan.advanced", reason, before -> {
            requireLive(before, "advance");
            if (before.stage() + 1 >= before.stages().size()) {
                throw HttpProblem.conflict("plan " + planId + ": already at its last stage (" + before.percent() + "%)");
            }
            return "UPDATE menu_plan SET stage = stage + 1 WHERE id = ?";
        });
    }

    public Plan pause(String actor, String planId, String reason) {
        return change(actor, planId, "plan.paused", reason, before -> {
            if (!before.state().equals(Plan.ACTIVE)) {
                throw HttpProblem.conflict("plan " + planId + ": is " + before.state() + ", only an ACTIVE plan pauses");
            }
            return "UPDATE menu_plan SET state = 'PAUSED' WHERE id = ?";
        });
    }

    public Plan resume(String actor, String planId, String reason) {
        return change(actor, planId, "plan.resumed", reason, before -> {
            if (!before.state().equals(Plan.PAUSED)) {
                throw HttpProblem.conflict("plan " + planId + ": is " + before.state() + ", only a PAUSED plan resumes");
            }
            return "UPDATE menu_plan SET state = 'ACTIVE' WHERE id = ?";
        });
    }

    /**
     * The plan's guardrail pauses it, in the caller's transaction (the one storing the events that tripped it),
     * audited as {@code plan.paused} by {@code guardrail} with {@code why}; false if it was no longer ACTIVE.
     */
    public boolean pauseByGuardrail(Tx tx, String planId, String why) throws SQLException {
        Plan before = plan(tx, planId);
        if (tx.update("UPDATE menu_plan SET state = 'PAUSED' WHERE id = ? AND state = 'ACTIVE'", planId) == 0) {
            return false;
        }
        audit.append(tx, new AuditEntry("guardrail", "plan.paused", "plan:" + planId, Json.toTree(before),
                Json.toTree(plan(tx, planId)), why));
        StoreDirectory.menusChanged(tx);
        return true;
    }

    /** Stops the plan: its stores go back to what the other plans give them. */
    public Plan abort(String actor, String planId, String reason) {
        return change(actor, planId, "plan.aborted", reason, before -> {
            if (before.state().equals(Plan.ABORTED)) {
                throw HttpProblem.conflict("plan " + planId + ": already ABORTED");
            }
            return "UPDATE menu_plan SET state = 'ABORTED' WHERE id = ?";
        });
    }

    /** Replaces {@code number} by {@code safeNumber} wherever it would show, at once. */
    public Poison poison(String actor, String variantId, int number, int safeNumber, String reason) {
        if (number == safeNumber) {
            throw HttpProblem.badRequest("poison: the safe version must differ from the poisoned one (" + number + ")");
        }
        return store.inTransaction("poison", tx -> {
            versionState(tx, variantId, number);
            requirePublished(tx, variantId, safeNumber);
            List<Poison> poisons = poisons(tx);
            if (poisons.stream().anyMatch(p -> p.variantId().equals(variantId) && p.number() == safeNumber)) {
                throw HttpProblem.conflict("variant " + variantId + " v" + safeNumber + ": is itself poisoned; name a"
                        + " safe version");
            }
            if (poisons.stream().anyMatch(p -> p.variantId().equals(variantId) && p.number() == number)) {
                throw HttpProblem.conflict("variant " + variantId + " v" + number + ": already poisoned");
            }
            Poison poison = new Poison(variantId, number, safeNumber, actor, clock.instant());
            tx.update("INSERT INTO menu_poison (variant_id, number, safe_number, poisoned_by, poisoned_at) VALUES"
                    + " (?, ?, ?, ?, ?)", variantId, number, safeNumber, actor, poison.poisonedAt().toString());
            // a poisoned version's safe stand-in may itself have been the stand-in of an older poison: repoint those
            tx.update("UPDATE menu_poison SET safe_number = ? WHERE variant_id = ? AND safe_number = ?", safeNumber,
                    variantId, number);
            audit.append(tx, new AuditEntry(actor, "menu.poisoned", "variant:" + variantId + "/v" + number, null,
                    Json.toTree(poison), reason));
            StoreDirectory.menusChanged(tx);
            return poison;
        });
    }

    // ---- reads ----

    public List<Plan> list() {
        return store.inTransaction("plans", tx -> tx.query("SELECT " + COLUMNS + " FROM menu_plan ORDER BY created_at DESC,"
                + " seq DESC", rs -> row(tx, rs)));
    }

    public PlanView view(String planId) {
        return store.inTransaction("plan", tx -> {
            Plan plan = plan(tx, planId);
            List<PlannedStore> stores = new ArrayList<>();
            for (StoreProfile s : StoreDirectory.all(tx)) {
                if (plan.targets().matches(s)) {
                    int bucket = Plan.bucket(plan.salt(), s.siteId());
                    stores.add(new PlannedStore(s.siteId(), s.country(), s.zone(), bucket, bucket < plan.percent(),
                            plan.activationAt(s)));
                }
            }
            return new PlanView(plan, stores);
        });
    }

    /** Every plan that can put a version on a store (live or paused), oldest first. */
    public static List<Plan> live(Tx tx) throws SQLException {
        return tx.query("SELECT " + COLUMNS + " FROM menu_plan WHERE state IN ('ACTIVE', 'PAUSED') ORDER BY variant_id,"
                + " seq", rs -> row(tx, rs));
    }

    public static List<Poison> poisons(Tx tx) throws SQLException {
        return tx.query("SELECT variant_id, number, safe_number, poisoned_by, poisoned_at FROM menu_poison ORDER BY"
                + " variant_id, number", rs -> new Poison(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getString(4),
                Instant.parse(rs.getString(5))));
    }

    public List<Poison> poisons() {
        return store.inTransaction("poisons", Plans::poisons);
    }

    // ---- helpers ----

    @FunctionalInterface
    private interface Check {
        String sql(Plan before);
    }

    private Plan change(String actor, String planId, String action, String reason, Check check) {
        return store.inTransaction(action, tx -> {
            Plan before = plan(tx, planId);
            tx.update(check.sql(before), planId);
            Plan after = plan(tx, planId);
            audit.append(tx, new AuditEntry(actor, action, "plan:" + planId, Json.toTree(before), Json.toTree(after),
                    reason));
            StoreDirectory.menusChanged(tx);
            return after;
        });
    }

    private static void requireLive(Plan plan, String what) {
        if (!plan.state().equals(Plan.ACTIVE)) {
            throw HttpProblem.conflict("plan " + plan.id() + ": is " + plan.state() + ", cannot " + what + " it");
        }
    }

    private static void checkStages(List<Integer> stages) {
        if (stages.isEmpty()) {
            throw HttpProblem.badRequest("plan.stages: at least one stage (a percent of the targeted stores)");
        }
        for (int i = 0; i < stages.size(); i++) {
            int p = stages.get(i);
            if (p < 1 || p > 100 || i > 0 && p <= stages.get(i - 1)) {
                throw HttpProblem.badRequest("plan.stages: percents from 1 to 100, each above the one before, was "
                        + stages);
            }
        }
    }

    private static void requirePublished(Tx tx, String variantId, int number) throws SQLException {
        String state = versionState(tx, variantId, number);
        if (!state.equals("PUBLISHED")) {
            throw HttpProblem.conflict("variant " + variantId + " v" + number + ": is " + state
                    + "; only a PUBLISHED version can go live");
        }
    }

    private static String versionState(Tx tx, String variantId, int number) throws SQLException {
        return tx.queryOne("SELECT state FROM menu_version WHERE variant_id = ? AND number = ?", rs -> rs.getString(1),
                variantId, number).orElseThrow(() -> HttpProblem.notFound("variant " + variantId + ": no version " + number));
    }

    private static List<StoreProfile> targeted(Tx tx, Targets targets) throws SQLException {
        List<StoreProfile> matched = StoreDirectory.all(tx).stream().filter(targets::matches).toList();
        if (matched.isEmpty()) {
            throw HttpProblem.conflict("plan: its targets match no store in the directory: " + Json.writeString(targets));
        }
        return matched;
    }

    private String salt() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void setState(Tx tx, String planId, String state) throws SQLException {
        tx.update("UPDATE menu_plan SET state = ? WHERE id = ?", state, planId);
        StoreDirectory.menusChanged(tx);
    }

    /** Plans of one variant are made one at a time (a lock on its row), each with the next {@code seq}. */
    private static void insert(Tx tx, Plan plan) throws SQLException {
        tx.update("UPDATE menu_variant SET name = name WHERE id = ?", plan.variantId());
        long seq = tx.queryLong("SELECT COALESCE(MAX(seq), 0) + 1 FROM menu_plan WHERE variant_id = ?", plan.variantId());
        tx.update("INSERT INTO menu_plan (seq, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                seq,
                plan.id(),
                plan.variantId(), plan.number(), plan.kind(), str(plan.activateAt()),
                plan.activateLocal() == null ? null : plan.activateLocal().toString(), Json.writeString(plan.targets()),
                Json.writeString(plan.stages()), plan.stage(), plan.salt(), plan.state(),
                String.join(",", plan.countries()), plan.createdBy(), plan.createdAt().toString(),
                plan.guardrail().maxFailedPct(), plan.guardrail().maxAutonomousPct());
    }

    /** One plan, or 404. */
    public static Plan plan(Tx tx, String planId) throws SQLException {
        return tx.queryOne("SELECT " + COLUMNS + " FROM menu_plan WHERE id = ?", rs -> row(tx, rs), planId)
                .orElseThrow(() -> HttpProblem.notFound("plan " + planId + ": no such plan"));
    }

    private static Plan row(Tx tx, ResultSet rs) throws SQLException {
        String id = rs.getString(1);
        String at = rs.getString(5);
        String local = rs.getString(6);
        String countries = rs.getString(12);
        Map<String, String> signoffs = new TreeMap<>();
        for (var row : tx.query("SELECT country, signed_by FROM menu_plan_signoff WHERE plan_id = ?",
                r -> Map.entry(r.getString(1), r.getString(2)), id)) {
            signoffs.put(row.getKey(), row.getValue());
        }
        return new Plan(id, rs.getString(2), rs.getInt(3), rs.getString(4), at == null ? null : Instant.parse(at),
                local == null ? null : LocalDateTime.parse(local), Json.read(rs.getString(7), Targets.class),
                List.of(Json.read(rs.getString(8), Integer[].class)), rs.getInt(9), rs.getString(10), rs.getString(11),
                countries.isEmpty() ? List.of() : Arrays.asList(countries.split(",")), signoffs, rs.getString(13),
                Instant.parse(rs.getString(14)), new Guardrail(rs.getInt(15), rs.getInt(16)));
    }

    private static String str(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
