package dev.outpost.relay.occupancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.outpost.api.lease.LeaseAcquire;
import dev.outpost.api.lease.LeaseGrant;
import dev.outpost.api.lease.LeaseReconcile;
import dev.outpost.api.lease.LeaseRelease;
import dev.outpost.api.lease.LeaseRenew;
import dev.outpost.api.lease.LeaseSettled;
import dev.outpost.relay.audit.AuditLog;
import dev.outpost.relay.http.HttpProblem;
import dev.outpost.relay.store.Store;
import dev.outpost.relay.store.StoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded deterministic simulation of the ledger over a real SQLite store: random acquires, renews, releases,
 * reconciles (late ones after expiry too), retries with the same idempotency key, clock jumps, capacity cuts and
 * rises, mode changes and recounts (with reports from holders that know of the latest recount, of an older one, or
 * claim a newer one, and say some of their exits predate it), on a controllable clock. After every step the ledger's numbers must equal a
 * simple reference model's, and no step may raise count + leased_out above capacity. A failing seed is printed;
 * replay it alone with {@code -Doutpost.sim.seed=N}.
 */
class LedgerSimulationTest {
    private static final int SEEDS = Integer.getInteger("outpost.sim.seeds", 200);
    private static final int STEPS = Integer.getInteger("outpost.sim.steps", 200);
    private static final Duration MARGIN = Duration.ofSeconds(10);
    /** Sites here never heartbeat: the simulation checks the ledger's arithmetic, every recount is forced. */
    private static final Duration SILENT_AFTER = Duration.ofSeconds(90);
    private static final String[] SITES = {"a", "b", "c"};

    @TempDir
    static Path dir;
    static Store store;

    @BeforeAll
    static void open() {
        store = Store.open(StoreConfig.sqlite(dir.resolve("sim.db")));
    }

    @AfterAll
    static void close() {
        store.close();
    }

    /** What the runs went through, so a simulation that stops reaching a path fails instead of passing vacuously. */
    static final Map<String, Integer> SEEN = new java.util.TreeMap<>();

    static void saw(String what) {
        SEEN.merge(what, 1, Integer::sum);
    }

    @Test
    void neverAboveCapacityAndAgreesWithTheModel() {
        Long only = Long.getLong("outpost.sim.seed");
        long first = only != null ? only : 1;
        long last = only != null ? only : SEEDS;
        for (long seed = first; seed <= last; seed++) {
            try {
                new Run(seed).run();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("simulation seed " + seed + " failed (replay: -Doutpost.sim.seed=" + seed + "): "
                        + e.getMessage(), e);
            }
        }
        if (only == null) {
            for (String path : List.of("partial grant", "refused", "reclaimed", "late correction", "revoked", "exits clamped",
                    "pending rise approved", "exits before the recount", "holder unaware of the recount",
                    "reclaim recounted since", "recount from the future refused")) {
                assertTrue(SEEN.getOrDefault(path, 0) > 0, "the simulation never reached '" + path + "': " + SEEN);
            }
        }
    }

    /** The reference model: the ledger's rules written as plainly as possible. */
    static final class Model {
        long capacity;
        long count;
        long leased;
        Mode mode = Mode.NORMAL;
        boolean known = true;
        long recounts;
        // what a step may raise the sum by: exits given back without lowering the count, and a reclaim's tokens a
        // recount since made stay counted while the late report adds the block's admissions (the recount saw some)
        long absorbed;
        final Map<UUID, Blk> blocks = new LinkedHashMap<>();

        long free() {
            return Math.max(0, capacity - count - leased);
        }

        long over() {
            return Math.max(0, count + leased - capacity);
        }

        Model copy() {
            Model m = new Model();
            m.capacity = capacity;
            m.count = count;
            m.leased = leased;
            m.mode = mode;
            m.known = known;
            m.recounts = recounts;
            blocks.forEach((k, v) -> m.blocks.put(k, v.copy()));
            return m;
        }

        void reclaim(long nowMs) {
            for (Blk b : blocks.values()) {
                if (b.state.equals("ACTIVE") && b.expiresMs <= nowMs) {
                    saw("reclaimed");
                    b.state = "RECLAIMED";
                    b.reclaimed = b.tokens;
                    b.reclaimedRecounts = recounts;
                    count += b.tokens;
                    leased -= b.tokens;
                    b.tokens = 0;
                }
            }
        }
    }

    static final class Blk {
        final String site;
        String state = "ACTIVE";
        long tokens;
        long used;
        long exited;
        long reclaimed;
        long expiresMs;
        long recounts;
        long preExited;
        long reclaimedRecounts;

        Blk(String site) {
            this.site = site;
        }

        Blk copy() {
            Blk b = new Blk(site);
            b.state = state;
            b.tokens = tokens;
            b.used = used;
            b.exited = exited;
            b.reclaimed = reclaimed;
            b.expiresMs = expiresMs;
            b.recounts = recounts;
            b.preExited = preExited;
            b.reclaimedRecounts = reclaimedRecounts;
            return b;
        }
    }

    final class Run {
        final long seed;
        final SplittableRandom random;
        final String mall;
        Instant now = Instant.parse("2026-11-21T06:00:00Z");
        final InstantSource clock = () -> now;
        final Ledger ledger;
        Model model = new Model();
        final List<Runnable> replays = new ArrayList<>();

        Run(long seed) {
            this.seed = seed;
            this.random = new SplittableRandom(seed);
            this.mall = "sim-" + seed + "-" + UUID.randomUUID().toString().substring(0, 8);
            this.ledger = new Ledger(store, new AuditLog(store, clock), clock, MARGIN, SILENT_AFTER);
        }

        String site(String s) {
            return mall + "-" + s;
        }

        void run() {
            model.capacity = 5 + random.nextInt(30);
            List<String> sites = new ArrayList<>();
            for (String s : SITES) {
                sites.add(site(s));
            }
            ledger.createMall("user:sim", mall, model.capacity, sites, "simulation seed " + seed);
            check("create");
            for (int step = 0; step < STEPS; step++) {
                String what = step();
                check("step " + step + " (" + what + ")");
            }
        }

        void check(String step) {
            long[] n = ledger.numbers(mall);
            assertEquals(model.capacity, n[0], step + ": capacity");
            assertEquals(model.count, n[1], step + ": count");
            assertEquals(model.leased, n[2], step + ": leased_out");
        }

        /** Runs the ledger call and the model's expectation; a refusal must be a refusal in both. */
        <T> T expect(String what, Supplier<T> call, Supplier<Boolean> modelAllows) {
            return expect(what, false, call, modelAllows);
        }

        /** A site's request, under its idempotency key: a refusal is also replayed later, and must come back the same. */
        <T> T keyed(String what, Supplier<T> call, Supplier<Boolean> modelAllows) {
            return expect(what, true, call, modelAllows);
        }

        private <T> T expect(String what, boolean keyed, Supplier<T> call, Supplier<Boolean> modelAllows) {
            Model before = model.copy();
            long sumBefore = model.count + model.leased;
            model.absorbed = 0;
            model.reclaim(now.toEpochMilli());
            boolean allowed = modelAllows.get();
            T result;
            try {
                result = call.get();
            } catch (HttpProblem e) {
                if (allowed) {
                    fail(what + ": the model allows it, the ledger refused: " + e.getMessage());
                }
                model = before;
                saw("refused");
                if (keyed) { // the same request later, whatever happened since: refused the same way, never applied late
                    replays.add(() -> assertEquals(e.getMessage(), assertThrows(HttpProblem.class, call::get).getMessage(),
                            what + " retried after a refusal"));
                }
                return null;
            }
            if (!allowed) {
                fail(what + ": the model refuses it, the ledger allowed it: " + result);
            }
            // exits that predate a recount give rights back that the recount freed: only those may raise the sum above
            long sum = model.count + model.leased;
            assertTrue(sum <= Math.max(model.capacity, sumBefore) + model.absorbed, what + ": count + leased_out rose to "
                    + sum + " above capacity " + model.capacity + " (was " + sumBefore + ")");
            return result;
        }

        List<UUID> blocks(String state) {
            return model.blocks.entrySet().stream().filter(e -> e.getValue().state.equals(state)).map(Map.Entry::getKey).toList();
        }

        String step() {
            int roll = random.nextInt(100);
            if (roll < 25) {
                return acquire();
            } else if (roll < 45) {
                return renew();
            } else if (roll < 55) {
                return release();
            } else if (roll < 65) {
                return reconcile();
            } else if (roll < 75) {
                now = now.plusSeconds(random.nextInt(90));
                return "clock +" + now;
            } else if (roll < 82) {
                return replay();
            } else if (roll < 88) {
                return capacity();
            } else if (roll < 94) {
                return mode();
            } else {
                return recount();
            }
        }

        String acquire() {
            String site = site(SITES[random.nextInt(SITES.length)]);
            int tokens = 1 + random.nextInt(12);
            Duration ttl = Duration.ofSeconds(5 + random.nextInt(60));
            long recounts = holderRecounts();
            LeaseAcquire request = new LeaseAcquire(UUID.randomUUID(), mall, site, tokens, ttl, recounts);
            long[] granted = new long[1];
            LeaseGrant grant = keyed("acquire", () -> ledger.acquire(site, request), () -> {
                if (recounts > model.recounts || model.mode != Mode.NORMAL || !model.known) {
                    return false;
                }
                granted[0] = Math.min(tokens, model.free());
                return true;
            });
            if (grant != null) {
                assertEquals(granted[0], grant.tokens(), "acquire: tokens granted");
                if (grant.tokens() == 0) {
                    saw("empty block");
                } else if (grant.tokens() < tokens) {
                    saw("partial grant");
                }
                Blk b = new Blk(site);
                b.tokens = grant.tokens();
                b.expiresMs = now.plus(ttl).plus(MARGIN).toEpochMilli();
                b.recounts = recounts;
                model.leased += grant.tokens();
                model.blocks.put(grant.leaseId(), b);
                replays.add(() -> assertEquals(grant, ledger.acquire(site, request), "acquire retried"));
            }
            return "acquire " + tokens + " by " + site;
        }

        /** The latest recount a holder knows of: usually the mall's, sometimes an older one, rarely one ahead of it. */
        long holderRecounts() {
            int roll = random.nextInt(20);
            if (roll == 0) {
                return model.recounts + 1;
            }
            return roll < 5 ? Math.max(0, model.recounts - 1) : model.recounts;
        }

        /**
         * A site's next cumulative report: some admissions (never more than it holds) and some exits, the recount it
         * knows of and how many of its exits on the block predate that one.
         */
        long[] nextReport(Blk b, long held) {
            long de = random.nextInt(3);
            long du = held + de == 0 ? 0 : random.nextLong(held + de + 1);
            long exited = b.exited + de;
            return new long[] {b.used + du, exited, holderRecounts(), random.nextLong(exited + 1)};
        }

        /** The exits of a report that may predate the latest recount: the ledger's rule, written plainly. */
        long beforeRecount(Blk b, long de, long recounts, long preExited) {
            long absorbed;
            if (recounts < model.recounts) {
                absorbed = de;
                if (de > 0) {
                    saw("holder unaware of the recount");
                }
            } else {
                long base = b.recounts < recounts ? b.exited : b.preExited;
                absorbed = Math.max(0, Math.min(de, preExited - base));
            }
            if (absorbed > 0 && model.recounts > 0) {
                saw("exits before the recount");
            }
            model.absorbed += absorbed;
            return absorbed;
        }

        /** The model's report: admissions into count, exits back to the block, never below zero. */
        long applyReport(Blk b, long[] report) {
            long du = report[0] - b.used;
            long de = report[1] - b.exited;
            long absorbed = beforeRecount(b, de, report[2], report[3]);
            long credited = Math.min(de - absorbed, model.count + du);
            if (credited < de - absorbed) {
                saw("exits clamped");
            }
            long tokens = b.tokens - du + absorbed + credited;
            model.count += du - credited;
            model.leased += tokens - b.tokens;
            b.tokens = tokens;
            b.used = report[0];
            b.exited = report[1];
            b.recounts = report[2];
            b.preExited = report[3];
            return credited - (de - absorbed);
        }

        long applyCorrection(Blk b, long[] report) {
            long du = report[0] - b.used;
            long de = report[1] - b.exited;
            long absorbed = beforeRecount(b, de, report[2], report[3]);
            boolean recountedSince = model.recounts > b.reclaimedRecounts;
            if (recountedSince && b.reclaimed > 0) {
                saw("reclaim recounted since");
                model.absorbed += b.reclaimed;
            }
            long correction = Math.max(-model.count, du - (de - absorbed) - (recountedSince ? 0 : b.reclaimed));
            model.count += correction;
            b.used = report[0];
            b.exited = report[1];
            b.recounts = report[2];
            b.preExited = report[3];
            b.state = "CLOSED";
            return correction;
        }

        /** The ledger refuses (400) a report against a recount the mall has not had. */
        boolean fromTheFuture(long[] report) {
            if (report[2] > model.recounts) {
                saw("recount from the future refused");
                return true;
            }
            return false;
        }

        String renew() {
            List<UUID> active = blocks("ACTIVE");
            if (active.isEmpty()) {
                return "renew (none)";
            }
            UUID id = active.get(random.nextInt(active.size()));
            Blk known = model.blocks.get(id);
            long[] report = nextReport(known, known.tokens);
            int wanted = random.nextInt(15);
            Duration ttl = Duration.ofSeconds(5 + random.nextInt(60));
            LeaseRenew request = new LeaseRenew(UUID.randomUUID(), id, mall, known.site, wanted, ttl,
                    (int) report[0], (int) report[1], report[2], (int) report[3]);
            long[] expected = new long[2];
            LeaseGrant grant = keyed("renew", () -> ledger.renew(known.site, request), () -> {
                Blk b = model.blocks.get(id);
                if (!b.state.equals("ACTIVE") || fromTheFuture(report) || report[0] - b.used > b.tokens + report[1] - b.exited) {
                    return false;
                }
                applyReport(b, report);
                long held = b.tokens;
                boolean admitting = model.mode == Mode.NORMAL && model.known;
                long keep = admitting ? Math.max(0, held - model.over()) : 0;
                long revoked = held - keep;
                long tokens;
                if (wanted <= keep) {
                    tokens = wanted;
                } else if (admitting && revoked == 0) {
                    tokens = keep + Math.min(wanted - keep, model.free());
                } else {
                    tokens = keep;
                }
                model.leased += tokens - held;
                b.tokens = tokens;
                b.expiresMs = now.plus(ttl).plus(MARGIN).toEpochMilli();
                expected[0] = tokens;
                expected[1] = revoked;
                return true;
            });
            if (grant != null) {
                assertEquals(expected[0], grant.tokens(), "renew: tokens");
                assertEquals(expected[1], grant.revoked(), "renew: revoked");
                if (grant.revoked() > 0) {
                    saw("revoked");
                }
                replays.add(() -> assertEquals(grant, ledger.renew(known.site, request), "renew retried"));
            }
            return "renew " + id;
        }

        String release() {
            List<UUID> open = new ArrayList<>(blocks("ACTIVE"));
            open.addAll(blocks("RECLAIMED"));
            if (open.isEmpty()) {
                return "release (none)";
            }
            UUID id = open.get(random.nextInt(open.size()));
            Blk known = model.blocks.get(id);
            long[] report = nextReport(known, Math.max(known.tokens, known.reclaimed));
            LeaseRelease request = new LeaseRelease(UUID.randomUUID(), id, mall, known.site, (int) report[0], (int) report[1],
                    report[2], (int) report[3]);
            long[] expected = new long[1];
            LeaseSettled settled = keyed("release", () -> ledger.release(known.site, request), () -> {
                Blk b = model.blocks.get(id);
                return settle(b, report, expected, true);
            });
            if (settled != null) {
                assertEquals(expected[0], settled.countCorrection(), "release: count correction");
                replays.add(() -> assertEquals(settled, ledger.release(known.site, request), "release retried"));
            }
            return "release " + id;
        }

        String reconcile() {
            List<UUID> open = new ArrayList<>(blocks("ACTIVE"));
            open.addAll(blocks("RECLAIMED"));
            if (open.isEmpty()) {
                return "reconcile (none)";
            }
            UUID id = open.get(random.nextInt(open.size()));
            Blk known = model.blocks.get(id);
            long[] report = nextReport(known, Math.max(known.tokens, known.reclaimed));
            LeaseReconcile request = new LeaseReconcile(UUID.randomUUID(), id, mall, known.site, (int) report[0],
                    (int) report[1], report[2], (int) report[3]);
            long[] expected = new long[1];
            LeaseSettled settled = keyed("reconcile", () -> ledger.reconcile(known.site, request), () -> {
                Blk b = model.blocks.get(id);
                return settle(b, report, expected, false);
            });
            if (settled != null) {
                assertEquals(expected[0], settled.countCorrection(), "reconcile: count correction");
                replays.add(() -> assertEquals(settled, ledger.reconcile(known.site, request), "reconcile retried"));
            }
            return "reconcile " + id;
        }

        boolean settle(Blk b, long[] report, long[] expected, boolean release) {
            long du = report[0] - b.used;
            long de = report[1] - b.exited;
            if (b.state.equals("RECLAIMED")) {
                if (fromTheFuture(report) || du > b.reclaimed + de) {
                    return false;
                }
                expected[0] = applyCorrection(b, report);
                saw("late correction");
                return true;
            }
            if (!b.state.equals("ACTIVE") || fromTheFuture(report) || du > b.tokens + de) {
                return false;
            }
            expected[0] = applyReport(b, report);
            if (release) {
                model.leased -= b.tokens;
                b.tokens = 0;
                b.state = "CLOSED";
            }
            return true;
        }

        String replay() {
            if (replays.isEmpty()) {
                return "replay (none)";
            }
            replays.get(random.nextInt(replays.size())).run();
            return "replay";
        }

        String capacity() {
            long target = Math.max(0, model.capacity + random.nextInt(11) - 6);
            if (target == model.capacity) {
                return "capacity (same)";
            }
            boolean bigRise = target > model.capacity && (target - model.capacity) * 5 > model.capacity;
            CapacityChange change = expect("capacity", () -> ledger.changeCapacity("user:officer-1", mall, target, "sim"), () -> true);
            if (bigRise) {
                assertEquals("PENDING", change.status(), "a rise above 20% waits");
                expect("approve", () -> ledger.approveCapacity("user:officer-2", mall, change.seq(), "sim approve"), () -> {
                    model.capacity = target;
                    saw("pending rise approved");
                    return true;
                });
            } else {
                model.capacity = target;
                assertEquals(model.over(), change.overAdmissionBound(), "capacity: over-admission bound");
            }
            return "capacity " + target;
        }

        String mode() {
            Mode mode = Mode.values()[random.nextInt(Mode.values().length)];
            expect("mode " + mode, () -> ledger.setMode("user:officer-1", mall, mode, "sim"), () -> {
                if (mode == Mode.NORMAL && !model.known) {
                    return false;
                }
                model.mode = mode;
                if (mode == Mode.FIRE) {
                    model.known = false;
                }
                return true;
            });
            return "mode " + mode;
        }

        String recount() {
            // an honest recount: the people inside fit with the tokens still out (a real over-count is not the ledger's doing)
            long count = random.nextInt((int) Math.max(1, model.capacity - model.leased + 1));
            expect("recount", () -> ledger.recount("user:officer-1", mall, count, true, "sim"), () -> {
                model.count = count;
                model.known = true;
                model.recounts++;
                return true;
            });
            return "recount " + count;
        }
    }
}
