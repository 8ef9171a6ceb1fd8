package dev.outpost.relay.occupancy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.event.EventEnvelope;
import dev.outpost.api.json.Json;
import dev.outpost.api.lease.LeaseAcquire;
import dev.outpost.api.lease.LeaseGrant;
import dev.outpost.api.lease.LeaseReconcile;
import dev.outpost.api.lease.LeaseRelease;
import dev.outpost.api.lease.LeaseRenew;
import dev.outpost.api.lease.LeaseSettled;
import dev.outpost.api.lease.MallState;
import dev.outpost.relay.audit.AuditEntry;
import dev.outpost.relay.audit.AuditLog;
import dev.outpost.relay.http.HttpProblem;
import dev.outpost.relay.store.Store;
import dev.outpost.relay.store.Tx;
import io.javalin.http.HttpStatus;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The occupancy ledger (ARCHITECTURE.md §6): per mall, capacity, reconciled count, tokens leased out to sites,
 * mode and whether the count is KNOWN.
 *
 * <p>Design: every change runs in one store transaction that first bumps the mall row's version. That write
 * locks the row (PostgreSQL row lock, SQLite's write lock), so ledger transactions on one mall queue up whatever
 * relay runs them, and the version tells every relay's live stream that something changed. Tokens only ever
 * leave the free pool through a conditional update ({@code ... WHERE count + leased_out + n <= capacity AND
 * mode = 'NORMAL' AND state = 'KNOWN'}), so even without the lock no grant can exceed capacity. Reports move
 * tokens between leased_out and count and never raise their sum; reclaiming an expired block counts its tokens
 * as used (same sum). Expired blocks are reclaimed lazily, at the start of every ledger transaction on the mall
 * and of every read of its occupancy, against the injected clock.
 *
 * <p>Recounts: an operator's recount sets the count to what was counted at that moment, and bumps the mall's
 * {@code recounts}. Holders report against the latest recount they know of, and say how many of their exits a gate saw
 * before it knew of that recount ({@code pre_exited}): such an exit, or any exit reported by a holder that does not
 * know of the latest recount, may already be out of the recounted count, so it gives the holder its right back (the
 * block's tokens) but does not lower the count. Only exits seen after the recount lower it. Admissions are always
 * counted: one the recount already saw is counted twice, which only leaks capacity. Giving rights back without
 * lowering the count can raise count + leased_out above the capacity (the recount freed rights a site still held for
 * exits the relay had not heard of); the mall is then over, as after a cut, and renewals revoke.
 *
 * <p>Every site request carries an idempotency key, stored with the answer in the transaction that applied it:
 * a retry returns the stored answer; a refusal stores nothing (it changed nothing), so a retry is judged anew.
 */
public final class Ledger {
    /** The longest ttl a site may ask for a block. */
    public static final Duration MAX_TTL = Duration.ofHours(1);
    private static final String ACTIVE = "ACTIVE";
    private static final String RECLAIMED = "RECLAIMED";
    private static final String CLOSED = "CLOSED";
    private static final String KNOWN = "KNOWN";

    private final Store store;
    private final AuditLog audit;
    private final InstantSource clock;
    private final Duration margin;
    private final Duration silentAfter;

    /**
     * @param grantMargin how long past a block's ttl the relay waits before reclaiming it
     * @param silentAfter a site silent for longer (no block report, no heartbeat) is out of touch: a recount waits for
     *                    it unless forced (fleet.stale-after)
     */
    public Ledger(Store store, AuditLog audit, InstantSource clock, Duration grantMargin, Duration silentAfter) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        this.margin = grantMargin;
        this.silentAfter = silentAfter;
    }

    record Mall(String id, long capacity, long count, long leasedOut, Mode mode, String state, String stateReason,
                long recounts, long version, Instant updatedAt) {
        long free() {
            return Math.max(0, capacity - count - leasedOut);
        }

        long over() {
            return Math.max(0, count + leasedOut - capacity);
        }

        MallState asSiteSees(Instant now) {
            return new MallState(id, capacity, mode.name(), state, recounts, version, now);
        }

        JsonNode json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("capacity", capacity);
            m.put("count", count);
            m.put("leased_out", leasedOut);
            m.put("mode", mode.name());
            m.put("state", state);
            m.put("recounts", recounts);
            return Json.toTree(m);
        }
    }

    record BlockRow(String id, String mallId, String siteId, String state, long tokens, long used, long exited,
                    long reclaimed, long expiresMs, long revokedOpen, long recounts, long preExited,
                    long reclaimedRecounts) {
        JsonNode json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("lease_id", id);
            m.put("state", state);
            m.put("tokens", tokens);
            m.put("used", used);
            m.put("exited", exited);
            m.put("reclaimed", reclaimed);
            return Json.toTree(m);
        }
    }

    // ---- malls and sites (admin) ----

    /** Registers a mall with its first capacity and the sites that lease for it. */
    public OccupancyView createMall(String actor, String mallId, long capacity, List<String> sites, String reason) {
        if (mallId == null || !mallId.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw HttpProblem.badRequest("mall.id: must be 1-63 lower-case letters, digits or '-', was " + Json.writeString(mallId));
        }
        if (capacity < 0) {
            throw HttpProblem.badRequest("mall.capacity: must not be negative, was " + capacity);
        }
        store.inTransaction("create mall", tx -> {
            Instant now = clock.instant();
            int inserted = tx.update("INSERT INTO occupancy_mall (id, capacity, reconciled_count, leased_out, mode, state,"
                            + " state_reason, version, updated_at) VALUES (?, ?, 0, 0, 'NORMAL', 'KNOWN', ?, 1, ?)"
                            + " ON CONFLICT (id) DO NOTHING", mallId, capacity, "registered", now.toString());
            if (inserted == 0) {
                throw HttpProblem.conflict("mall " + mallId + ": already registered");
            }
            tx.update("INSERT INTO occupancy_capacity (mall_id, seq, capacity, previous, status, requested_by, requested_at,"
                    + " approved_by, effective_from, reason) VALUES (?, 1, ?, NULL, 'EFFECTIVE', ?, ?, NULL, ?, ?)",
                    mallId, capacity, actor, now.toString(), now.toString(), reason);
            for (String site : sites) {
                bind(tx, mallId, site);
            }
            audit.append(tx, new AuditEntry(actor, "occupancy.mall.registered", "mall:" + mallId, null,
                    Json.toTree(Map.of("capacity", capacity, "sites", sites)), reason));
            return null;
        });
        return view(mallId);
    }

    /** Binds a site to a mall: its blocks lease from that mall. */
    public OccupancyView bindSite(String actor, String mallId, String site, String reason) {
        store.inTransaction("bind site", tx -> {
            lock(tx, mallId);
            bind(tx, mallId, site);
            audit.append(tx, new AuditEntry(actor, "occupancy.site.bound", "site:" + site, null,
                    Json.toTree(Map.of("mall_id", mallId)), reason));
            return null;
        });
        return view(mallId);
    }

    private static void bind(Tx tx, String mallId, String site) throws SQLException {
        if (site == null || site.isBlank()) {
            throw HttpProblem.badRequest("sites: a site id must not be blank");
        }
        int inserted = tx.update("INSERT INTO occupancy_site (site_id, mall_id) VALUES (?, ?) ON CONFLICT (site_id) DO NOTHING",
                site, mallId);
        if (inserted == 0) {
            String other = tx.queryOne("SELECT mall_id FROM occupancy_site WHERE site_id = ?", r -> r.getString(1), site).orElseThrow();
            throw HttpProblem.conflict("site " + site + ": already bound to mall " + other);
        }
    }

    // ---- site blocks ----

    /** Grants min(requested, free) tokens; refuses (409) when none are free or admissions are suspended. */
    /**
     * Opens a site block with as many tokens as asked and free, none when the mall is full: a site must hold a block
     * to report the exits that free tokens, so a full mall refusing blocks would stay full on the relay's books.
     */
    public LeaseGrant acquire(String site, LeaseAcquire request) {
        checkTtl("lease_acquire", request.ttl());
        checkHolder("lease_acquire", site, request.holderId());
        return idempotent("acquire", site, request.idempotencyKey(), request, LeaseGrant.class, tx -> {
            Mall mall = lock(tx, mallOf(tx, site, request.mallId()));
            checkRecounts("lease_acquire", site, mall, request.recounts());
            refuseUnlessAdmitting(mall, site);
            // a full mall grants an empty block: the site reports its exits on it, and each one refills it
            int grant = (int) Math.min(request.tokens(), mall.free());
            if (grant > 0) {
                take(tx, mall, grant);
            }
            UUID id = UUID.randomUUID();
            Instant now = clock.instant();
            tx.update("INSERT INTO occupancy_block (id, mall_id, site_id, state, tokens, used, exited, reclaimed, granted_at,"
                    + " expires_ms, recounts, pre_exited, reported_ms) VALUES (?, ?, ?, 'ACTIVE', ?, 0, 0, 0, ?, ?, ?, 0, ?)",
                    id.toString(), mall.id(), site, grant, now.toString(), expiry(now, request.ttl()), request.recounts(),
                    now.toEpochMilli());
            audit.append(tx, new AuditEntry("site:" + site, "occupancy.block.acquired", "mall:" + mall.id(), mall.json(),
                    read(tx, mall.id()).json(), "site " + site + " asked for " + request.tokens() + " tokens, granted "
                    + grant + " (lease " + id + ")"));
            return new LeaseGrant(request.idempotencyKey(), id, mall.id(), site, grant, 0, request.ttl());
        });
    }

    /**
     * Records the report, extends the block and sets its tokens to what the site asks, within the free pool. When
     * the mall is over capacity (a cut) or not NORMAL/KNOWN, tokens are revoked instead: the answer says how many.
     */
    public LeaseGrant renew(String site, LeaseRenew request) {
        checkTtl("lease_renew", request.ttl());
        checkHolder("lease_renew", site, request.holderId());
        return idempotent("renew", site, request.idempotencyKey(), request, LeaseGrant.class, tx -> {
            Mall before = lock(tx, mallOf(tx, site, request.mallId()));
            BlockRow block = block(tx, "lease_renew", site, before.id(), request.leaseId());
            if (!block.state().equals(ACTIVE)) {
                throw HttpProblem.conflict("site " + site + ": lease " + block.id() + " is " + block.state()
                        + (block.state().equals(RECLAIMED) ? " (it expired and its " + block.reclaimed()
                        + " tokens were counted as used)" : "") + ": reconcile or release it and acquire a new one");
            }
            Report report = report(tx, "lease_renew", block, request.used(), request.exited(), request.recounts(),
                    request.preExited());
            long held = report.tokens();
            Mall mall = read(tx, before.id());
            boolean admitting = mall.mode() == Mode.NORMAL && mall.state().equals(KNOWN);
            long keep = admitting ? Math.max(0, held - mall.over()) : 0;
            long revoked = held - keep;
            long tokens;
            if (request.tokens() <= keep) {
                tokens = request.tokens();
            } else if (admitting && revoked == 0) {
                long more = Math.min(request.tokens() - keep, mall.free());
                if (more > 0) {
                    take(tx, mall, more);
                }
                tokens = keep + more;
            } else {
                tokens = keep;
            }
            if (tokens < held) {
                tx.update("UPDATE occupancy_mall SET leased_out = leased_out - ? WHERE id = ?", held - tokens, mall.id());
            }
            Instant now = clock.instant();
            tx.update("UPDATE occupancy_block SET tokens = ?, expires_ms = ?, revoked_open = revoked_open + ? WHERE id = ?",
                    tokens, expiry(now, request.ttl()), revoked, block.id());
            audit.append(tx, new AuditEntry("site:" + site, revoked > 0 ? "occupancy.block.revoked" : "occupancy.block.renewed",
                    "mall:" + mall.id(), before.json(), read(tx, mall.id()).json(), "site " + site + " renewed lease "
                    + block.id() + " asking for " + request.tokens() + " tokens, holds " + tokens
                    + (revoked > 0 ? ", " + revoked + " revoked (" + revokeWhy(mall) + ")" : "") + report.why()));
            return new LeaseGrant(request.idempotencyKey(), request.leaseId(), mall.id(), site, (int) tokens, (int) revoked,
                    request.ttl());
        });
    }

    /** Records the final report and hands back every unspent token; on a reclaimed block, corrects the count. */
    public LeaseSettled release(String site, LeaseRelease request) {
        checkHolder("lease_release", site, request.holderId());
        return idempotent("release", site, request.idempotencyKey(), request, LeaseSettled.class, tx -> {
            Mall before = lock(tx, mallOf(tx, site, request.mallId()));
            BlockRow block = block(tx, "lease_release", site, before.id(), request.leaseId());
            Report report;
            if (block.state().equals(RECLAIMED)) {
                report = correct(tx, "lease_release", block, request.used(), request.exited(), request.recounts(),
                        request.preExited());
            } else {
                requireActive(site, block);
                report = report(tx, "lease_release", block, request.used(), request.exited(), request.recounts(),
                        request.preExited());
                tx.update("UPDATE occupancy_mall SET leased_out = leased_out - ? WHERE id = ?", report.tokens(), before.id());
                tx.update("UPDATE occupancy_block SET state = 'CLOSED', tokens = 0 WHERE id = ?", block.id());
            }
            audit.append(tx, new AuditEntry("site:" + site, "occupancy.block.released", "mall:" + before.id(), before.json(),
                    read(tx, before.id()).json(), "site " + site + " released lease " + block.id() + " (used "
                    + request.used() + ", exited " + request.exited() + ", count correction " + report.correction() + ")"
                    + report.why()));
            return new LeaseSettled(request.idempotencyKey(), request.leaseId(), before.id(), site, CLOSED, 0,
                    report.correction());
        });
    }

    /** Records a report on a live block, or corrects and closes a reclaimed one. */
    public LeaseSettled reconcile(String site, LeaseReconcile request) {
        checkHolder("lease_reconcile", site, request.holderId());
        return idempotent("reconcile", site, request.idempotencyKey(), request, LeaseSettled.class, tx -> {
            Mall before = lock(tx, mallOf(tx, site, request.mallId()));
            BlockRow block = block(tx, "lease_reconcile", site, before.id(), request.leaseId());
            Report report;
            String state;
            int tokens;
            if (block.state().equals(RECLAIMED)) {
                report = correct(tx, "lease_reconcile", block, request.used(), request.exited(), request.recounts(),
                        request.preExited());
                state = CLOSED;
                tokens = 0;
            } else {
                requireActive(site, block);
                report = report(tx, "lease_reconcile", block, request.used(), request.exited(), request.recounts(),
                        request.preExited());
                state = ACTIVE;
                tokens = (int) report.tokens();
            }
            audit.append(tx, new AuditEntry("site:" + site, "occupancy.block.reconciled", "mall:" + before.id(),
                    before.json(), read(tx, before.id()).json(), "site " + site + " reconciled lease " + block.id()
                    + " (was " + block.state() + ", used " + request.used() + ", exited " + request.exited()
                    + ", count correction " + report.correction() + ")" + report.why()));
            return new LeaseSettled(request.idempotencyKey(), request.leaseId(), before.id(), site, state, tokens,
                    report.correction());
        });
    }

    /**
     * What a report did: the block's tokens after it, the count's correction, the exits it did not take off the count
     * because they may predate the latest recount, and (a reclaimed block) the reclaimed tokens a recount since made
     * stay counted.
     */
    private record Report(long tokens, long correction, long absorbed, long recounts, long keptReclaimed) {
        /** For the audit: what the report left out of the count, and why. */
        String why() {
            return (absorbed > 0 ? "; " + absorbed + " exits seen before recount " + recounts
                    + " not taken off the recounted count" : "")
                    + (keptReclaimed > 0 ? "; the " + keptReclaimed + " tokens counted as used at the reclaim stay counted"
                    + " (recounted since)" : "");
        }
    }

    /**
     * Applies a live block's cumulative report: admissions move tokens into the count, exits move the count back
     * into the block (credited to the site that saw them). The sum count + leased_out does not change. Exits the
     * count never saw (it would go negative) are ignored, and returned as a negative correction. Exits that may
     * predate the latest recount give the block its tokens back without lowering the count (see the class note).
     */
    private Report report(Tx tx, String document, BlockRow block, long used, long exited, long recounts, long preExited)
            throws SQLException {
        long du = used - block.used();
        long de = exited - block.exited();
        checkCumulative(document, block, du, de);
        Mall mall = read(tx, block.mallId());
        checkRecounts(document, block.siteId(), mall, recounts);
        if (du > block.tokens() + de + block.revokedOpen()) {
            throw HttpProblem.conflict("site " + block.siteId() + ": lease " + block.id() + " reports " + du
                    + " more admissions but held " + block.tokens() + " tokens (+" + de + " exits, +" + block.revokedOpen()
                    + " revoked while it may have spent them): refused; recount the mall");
        }
        long absorbed = beforeRecount(mall, block, de, recounts, preExited);
        long credited = Math.min(de - absorbed, mall.count() + du);
        long tokens = block.tokens() - du + absorbed + credited;
        long spentRevoked = Math.max(0, -tokens); // spent before the revoke reached the site: inside all the same
        tokens += spentRevoked;
        tx.update("UPDATE occupancy_mall SET reconciled_count = reconciled_count + ?, leased_out = leased_out + ? WHERE id = ?",
                du - credited, tokens - block.tokens(), mall.id());
        tx.update("UPDATE occupancy_block SET used = ?, exited = ?, tokens = ?, revoked_open = revoked_open - ?, recounts = ?,"
                + " pre_exited = ?, reported_ms = ? WHERE id = ?", used, exited, tokens, spentRevoked, recounts, preExited,
                clock.millis(), block.id());
        return new Report(tokens, credited - (de - absorbed), absorbed, mall.recounts(), 0);
    }

    /**
     * A reclaimed block counted all its tokens as used; the late report says how many really were. Exits that may
     * predate the latest recount are not taken off the count, and neither are the reclaimed tokens once a recount
     * came after the reclaim: the operator counted the people inside, not the ones the reclaim assumed.
     */
    private Report correct(Tx tx, String document, BlockRow block, long used, long exited, long recounts, long preExited)
            throws SQLException {
        long du = used - block.used();
        long de = exited - block.exited();
        checkCumulative(document, block, du, de);
        Mall mall = read(tx, block.mallId());
        checkRecounts(document, block.siteId(), mall, recounts);
        if (du > block.reclaimed() + de + block.revokedOpen()) {
            throw HttpProblem.conflict("site " + block.siteId() + ": lease " + block.id() + " reports " + du
                    + " more admissions but held " + block.reclaimed() + " tokens when it was reclaimed (+" + de
                    + " exits): refused; recount the mall");
        }
        long absorbed = beforeRecount(mall, block, de, recounts, preExited);
        long kept = mall.recounts() > block.reclaimedRecounts() ? block.reclaimed() : 0;
        long correction = Math.max(-mall.count(), du - (de - absorbed) - (block.reclaimed() - kept));
        tx.update("UPDATE occupancy_mall SET reconciled_count = reconciled_count + ? WHERE id = ?", correction, mall.id());
        tx.update("UPDATE occupancy_block SET state = 'CLOSED', used = ?, exited = ?, recounts = ?, pre_exited = ? WHERE id = ?",
                used, exited, recounts, preExited, block.id());
        return new Report(0, correction, absorbed, mall.recounts(), kept);
    }

    /**
     * How many of a report's {@code de} new exits may predate the mall's latest recount: all of them when the holder
     * does not know of it; else the growth of its {@code pre_exited} since the block's last report against that
     * recount (against an older one, every exit reported then was judged then).
     */
    private static long beforeRecount(Mall mall, BlockRow block, long de, long recounts, long preExited) {
        if (recounts < mall.recounts()) {
            return de;
        }
        long base = block.recounts() < recounts ? block.exited() : block.preExited();
        return Math.clamp(preExited - base, 0, de);
    }

    private static void checkRecounts(String document, String site, Mall mall, long recounts) {
        if (recounts > mall.recounts()) {
            throw HttpProblem.badRequest(document + ".recounts: site " + site + " reports against recount " + recounts
                    + " but mall " + mall.id() + " has had " + mall.recounts() + "; send the recounts of the mall state"
                    + " it last read (GET /v1/sites/" + site + "/mall)");
        }
    }

    private static void checkCumulative(String document, BlockRow block, long du, long de) {
        if (du < 0) {
            throw HttpProblem.badRequest(document + ".used: cumulative, must not go below the last report ("
                    + block.used() + "), was " + (block.used() + du));
        }
        if (de < 0) {
            throw HttpProblem.badRequest(document + ".exited: cumulative, must not go below the last report ("
                    + block.exited() + "), was " + (block.exited() + de));
        }
    }

    // ---- staff changes ----

    /**
     * Changes the capacity. A cut or a rise of at most 20% takes effect at once; a larger rise waits for a second
     * safety officer ({@link #approveCapacity}).
     */
    public CapacityChange changeCapacity(String actor, String mallId, long capacity, String reason) {
        if (capacity < 0) {
            throw HttpProblem.badRequest("capacity_change.capacity: must not be negative, was " + capacity);
        }
        return store.inTransaction("change capacity", tx -> {
            Mall mall = lock(tx, mallId);
            if (capacity == mall.capacity()) {
                throw HttpProblem.conflict("mall " + mallId + ": capacity is already " + capacity);
            }
            tx.update("UPDATE occupancy_capacity SET status = 'SUPERSEDED' WHERE mall_id = ? AND status = 'PENDING'", mallId);
            int seq = (int) tx.queryLong("SELECT MAX(seq) FROM occupancy_capacity WHERE mall_id = ?", mallId) + 1;
            Instant now = clock.instant();
            boolean bigRise = capacity > mall.capacity() && (capacity - mall.capacity()) * 5 > mall.capacity();
            tx.update("INSERT INTO occupancy_capacity (mall_id, seq, capacity, previous, status, requested_by, requested_at,"
                    + " reason) VALUES (?, ?, ?, ?, 'PENDING', ?, ?, ?)", mallId, seq, capacity, mall.capacity(), actor,
                    now.toString(), reason);
            if (bigRise) {
                audit.append(tx, new AuditEntry(actor, "occupancy.capacity.requested", "mall:" + mallId, mall.json(),
                        Json.toTree(Map.of("capacity", capacity, "seq", seq)), reason));
                return capacityChange(tx, mallId, seq);
            }
            return applyCapacity(tx, mall, seq, null, reason, actor);
        });
    }

    /** A second safety officer approves a pending rise; the one who asked cannot. */
    public CapacityChange approveCapacity(String actor, String mallId, int seq, String reason) {
        return store.inTransaction("approve capacity", tx -> {
            Mall mall = lock(tx, mallId);
            var pending = tx.queryOne("SELECT status, requested_by FROM occupancy_capacity WHERE mall_id = ? AND seq = ?",
                    r -> new String[] {r.getString(1), r.getString(2)}, mallId, seq).orElseThrow(() ->
                    HttpProblem.notFound("mall " + mallId + ": no capacity change " + seq));
            if (!pending[0].equals("PENDING")) {
                throw HttpProblem.conflict("mall " + mallId + ": capacity change " + seq + " is " + pending[0] + ", not PENDING");
            }
            if (pending[1].equals(actor)) {
                throw new HttpProblem(HttpStatus.FORBIDDEN, "mall " + mallId + ": capacity change " + seq + " was asked by "
                        + actor + ", who cannot also approve it; another safety officer must");
            }
            return applyCapacity(tx, mall, seq, actor, reason, actor);
        });
    }

    private CapacityChange applyCapacity(Tx tx, Mall mall, int seq, String approver, String reason, String actor)
            throws SQLException {
        Instant now = clock.instant();
        long capacity = tx.queryLong("SELECT capacity FROM occupancy_capacity WHERE mall_id = ? AND seq = ?", mall.id(), seq);
        tx.update("UPDATE occupancy_capacity SET status = 'EFFECTIVE', previous = ?, approved_by = ?, effective_from = ?"
                + " WHERE mall_id = ? AND seq = ?", mall.capacity(), approver, now.toString(), mall.id(), seq);
        tx.update("UPDATE occupancy_mall SET capacity = ? WHERE id = ?", capacity, mall.id());
        Mall after = read(tx, mall.id());
        tx.update("UPDATE occupancy_capacity SET over_bound = ? WHERE mall_id = ? AND seq = ?", after.over(), mall.id(), seq);
        audit.append(tx, new AuditEntry(actor, "occupancy.capacity.changed", "mall:" + mall.id(), mall.json(), after.json(),
                reason + (after.over() > 0 ? " [over-admission bound until sites hand back tokens: " + after.over() + "]" : "")));
        return capacityChange(tx, mall.id(), seq);
    }

    /** Sets the mode; FIRE makes the occupancy UNKNOWN, and NORMAL is refused until a recount. */
    public OccupancyView setMode(String actor, String mallId, Mode mode, String reason) {
        store.inTransaction("set mode", tx -> {
            Mall mall = lock(tx, mallId);
            if (mode == Mode.NORMAL && !mall.state().equals(KNOWN)) {
                throw HttpProblem.conflict("mall " + mallId + ": occupancy is UNKNOWN (" + mall.stateReason()
                        + "): recount it (POST /v1/malls/" + mallId + "/occupancy/recount) before going back to NORMAL");
            }
            if (mode == Mode.FIRE) {
                tx.update("UPDATE occupancy_mall SET mode = ?, state = 'UNKNOWN', state_reason = ? WHERE id = ?", mode.name(),
                        "FIRE since " + clock.instant() + ": passages were not counted", mallId);
            } else {
                tx.update("UPDATE occupancy_mall SET mode = ? WHERE id = ?", mode.name(), mallId);
            }
            audit.append(tx, new AuditEntry(actor, "occupancy.mode.changed", "mall:" + mallId, mall.json(),
                    read(tx, mallId).json(), reason));
            return null;
        });
        return view(mallId);
    }

    /**
     * The inbox stored these events of {@code site} (in its transaction): the gate events count towards the mall's
     * per-gate activity, and a gate that went FIRE_OPEN makes a KNOWN occupancy UNKNOWN — its turnstile was released and
     * passages through it were not counted — so admissions stay suspended until an operator recounts, as after a FIRE
     * set here. A gate's own fire loop is the usual cause, and it may open with the WAN down: the site sends the event
     * when it can.
     */
    public void gateEventsStored(Tx tx, String site, List<EventEnvelope> stored, Instant now) throws SQLException {
        GateActivity.record(tx, site, stored, now);
        Optional<EventEnvelope> fire = stored.stream().filter(e -> e.type().equals("gate.state")
                && e.payload().path("to").asText().equals("FIRE_OPEN")).findFirst();
        if (fire.isEmpty()) {
            return; // the usual batch: no mall lookup beyond the activity's
        }
        Optional<String> mallId = boundMall(tx, site);
        if (mallId.isEmpty() || !read(tx, mallId.get()).state().equals(KNOWN)) {
            return;
        }
        Mall mall = lock(tx, mallId.get());
        EventEnvelope event = fire.get();
        String gate = event.payload().path("gate_id").asText(event.deviceId());
        String why = "gate " + gate + " of site " + site + " FIRE_OPEN at " + event.occurredAt() + " ("
                + event.payload().path("reason").asText("no reason given") + "): passages were not counted";
        tx.update("UPDATE occupancy_mall SET state = 'UNKNOWN', state_reason = ? WHERE id = ?", why, mall.id());
        audit.append(tx, new AuditEntry("site:" + site, "occupancy.state.unknown", "mall:" + mall.id(), mall.json(),
                read(tx, mall.id()).json(), why));
    }

    /**
     * An operator's count of the people inside (0 to zero it): the occupancy is KNOWN again, and the mall's recounts
     * move on, so exits seen before this moment and reported after it do not lower the count again (see the class
     * note).
     */
    public OccupancyView recount(String actor, String mallId, long count, boolean force, String reason) {
        if (count < 0) {
            throw HttpProblem.badRequest("recount.count: must not be negative, was " + count);
        }
        store.inTransaction("recount", tx -> {
            Mall mall = lock(tx, mallId);
            List<String> silent = silentHolders(tx, mallId);
            if (!silent.isEmpty() && !force) {
                throw HttpProblem.conflict("recount refused: " + String.join("; ", silent) + ". Exits such a site let"
                        + " through since it last reported gave it rights back that the recounted count frees again,"
                        + " so the mall could fill above capacity. Recount once it is back, or send \"force\": true"
                        + " with the reason");
            }
            tx.update("UPDATE occupancy_mall SET reconciled_count = ?, recounts = recounts + 1, state = 'KNOWN', state_reason = ?"
                    + " WHERE id = ?", count, "recounted by " + actor + " at " + clock.instant(), mallId);
            Mall after = read(tx, mallId);
            audit.append(tx, new AuditEntry(actor, "occupancy.recounted", "mall:" + mallId, mall.json(), after.json(),
                    reason + (after.over() > 0 ? " [over capacity by " + after.over() + " until people leave and sites hand"
                    + " back tokens]" : "") + (silent.isEmpty() ? "" : " [forced while " + String.join("; ", silent)
                    + "]")));
            return null;
        });
        return view(mallId);
    }

    /**
     * The sites holding a live block of the mall that have been silent — no report on a block and no heartbeat — for
     * longer than the fleet's stale-after, each said with when it was last heard from.
     */
    private List<String> silentHolders(Tx tx, String mallId) throws SQLException {
        long now = clock.millis();
        return tx.query("SELECT b.site_id, MAX(b.reported_ms), MAX(f.received_ms) FROM occupancy_block b LEFT JOIN"
                + " fleet_site f ON f.site_id = b.site_id WHERE b.mall_id = ? AND b.state = 'ACTIVE' GROUP BY b.site_id"
                + " ORDER BY b.site_id", r -> {
                    long heard = Math.max(r.getLong(2), r.getLong(3)); // a site never heard from reads 0 (1970)
                    return now - heard > silentAfter.toMillis() ? "site " + r.getString(1) + " holds a block and was last"
                            + " heard from " + (heard == 0 ? "never" : Instant.ofEpochMilli(heard) + ", "
                            + Duration.ofMillis(now - heard).toSeconds() + " s ago") : null;
                }, mallId).stream().filter(Objects::nonNull).toList();
    }

    // ---- reads ----

    /**
     * The mall's occupancy now, with its gates' activity over the last minute (reclaiming expired blocks first; a
     * read that reclaims nothing writes nothing).
     */
    public OccupancyView view(String mallId) {
        return store.inTransaction("occupancy view", tx -> {
            boolean expired = tx.queryLong("SELECT COUNT(*) FROM occupancy_block WHERE mall_id = ? AND state = 'ACTIVE'"
                    + " AND expires_ms <= ?", mallId, clock.instant().toEpochMilli()) > 0;
            Mall mall = expired ? lock(tx, mallId) : read(tx, mallId);
            List<String> sites = tx.query("SELECT site_id FROM occupancy_site WHERE mall_id = ? ORDER BY site_id",
                    r -> r.getString(1), mallId);
            List<OccupancyView.Block> blocks = tx.query("SELECT id, site_id, tokens, used, exited, expires_ms, reported_ms,"
                    + " recounts FROM occupancy_block WHERE mall_id = ? AND state = 'ACTIVE' ORDER BY site_id, granted_at, id",
                    r -> new OccupancyView.Block(r.getString(1), r.getString(2), r.getLong(3), r.getLong(4), r.getLong(5),
                            Instant.ofEpochMilli(r.getLong(6)), r.getLong(7) == 0 ? null : Instant.ofEpochMilli(r.getLong(7)),
                            r.getLong(8) < mall.recounts()), mallId);
            List<Integer> pending = tx.query("SELECT seq FROM occupancy_capacity WHERE mall_id = ? AND status = 'PENDING'",
                    r -> r.getInt(1), mallId);
            List<CapacityChange> changes = new ArrayList<>();
            for (int seq : pending) {
                changes.add(capacityChange(tx, mallId, seq));
            }
            return new OccupancyView(mall.id(), mall.capacity(), mall.count(), mall.leasedOut(), mall.free(), mall.mode(),
                    mall.state(), mall.stateReason(), mall.over(), mall.version(), mall.updatedAt(), sites, blocks,
                    GateActivity.read(tx, mallId, clock.instant()), changes);
        });
    }

    /**
     * Reclaims every expired block of every mall now, one transaction per mall, so a mall nobody touches still
     * returns expired tokens on time (its live stream shows it), and forgets gate activity older than the view's
     * minute. Returns the malls swept.
     */
    public List<String> sweep() {
        Instant now = clock.instant();
        List<String> malls = store.inTransaction("occupancy sweep", tx -> {
            GateActivity.prune(tx, now);
            return tx.query("SELECT DISTINCT mall_id FROM occupancy_block WHERE state = 'ACTIVE' AND expires_ms <= ?"
                    + " ORDER BY mall_id", r -> r.getString(1), now.toEpochMilli());
        });
        for (String mall : malls) {
            store.inTransaction("occupancy sweep " + mall, tx -> lock(tx, mall));
        }
        return malls;
    }

    /** Every registered mall, by id, with its sites: a plain read (it reclaims nothing; the view does). */
    public List<MallSummary> malls() {
        return store.inTransaction("list malls", tx -> {
            List<MallSummary> out = new ArrayList<>();
            for (Mall mall : tx.query("SELECT " + MALL_COLUMNS + " FROM occupancy_mall ORDER BY id", Ledger::mallRow)) {
                out.add(new MallSummary(mall.id(), mall.capacity(), mall.mode(), mall.state(), tx.query(
                        "SELECT site_id FROM occupancy_site WHERE mall_id = ? ORDER BY site_id", r -> r.getString(1), mall.id())));
            }
            return out;
        });
    }

    /** What site {@code site}'s gates must obey: its mall's capacity, mode, state and version (404 when it is bound to none). */
    public MallState mallStateOfSite(String site) {
        return store.inTransaction("mall state of site " + site, tx -> {
            String mallId = boundMall(tx, site).orElseThrow(() -> notBound(site));
            return read(tx, mallId).asSiteSees(clock.instant());
        });
    }

    /**
     * The mall's state as a site sees it, with its version (which moves whenever the ledger changes, on whichever
     * relay): a plain read of one row, which reclaims nothing.
     */
    public MallState mallState(String mallId) {
        return store.inTransaction("mall state", tx -> read(tx, mallId).asSiteSees(clock.instant()));
    }

    /** The capacity history, oldest first. */
    public List<CapacityChange> capacityHistory(String mallId) {
        return store.inTransaction("capacity history", tx -> {
            read(tx, mallId);
            List<CapacityChange> out = new ArrayList<>();
            for (int seq : tx.query("SELECT seq FROM occupancy_capacity WHERE mall_id = ? ORDER BY seq", r -> r.getInt(1), mallId)) {
                out.add(capacityChange(tx, mallId, seq));
            }
            return out;
        });
    }

    /** For tests and the simulation: the mall's numbers read in one transaction. */
    long[] numbers(String mallId) {
        return store.inTransaction("occupancy numbers", tx -> {
            Mall m = read(tx, mallId);
            return new long[] {m.capacity(), m.count(), m.leasedOut()};
        });
    }

    // ---- helpers ----

    /** What an idempotent request came to: its answer, or the refusal recorded under its key. */
    private record Outcome<T>(T answer, HttpProblem refused) {
    }

    /**
     * Applies {@code apply} once per (site, key) and answers a repeat with the first answer — a refusal included, so a
     * duplicate that arrives after the site gave up on the first (and moved on with a new key) changes nothing. The
     * refusal is recorded in the same transaction, after rolling back what {@code apply} did.
     */
    private <T> T idempotent(String what, String site, UUID key, Object request, Class<T> type, Store.Work<T> apply) {
        String requestJson = Json.writeString(request);
        Outcome<T> outcome = store.inTransaction("occupancy " + what, tx -> {
            int inserted = tx.update("INSERT INTO occupancy_request (site_id, idempotency_key, request) VALUES (?, ?, ?)"
                    + " ON CONFLICT (site_id, idempotency_key) DO NOTHING", site, key.toString(), requestJson);
            if (inserted == 0) {
                String[] prior = tx.queryOne("SELECT request, response, refused_status FROM occupancy_request"
                        + " WHERE site_id = ? AND idempotency_key = ?", r -> new String[] {r.getString(1), r.getString(2),
                        r.getString(3)}, site, key.toString()).orElseThrow();
                if (!prior[0].equals(requestJson) || prior[1] == null) {
                    throw HttpProblem.conflict("site " + site + ": idempotency_key " + key
                            + " was already used for another request; use a new key for a new request");
                }
                return prior[2] != null
                        ? new Outcome<>(null, new HttpProblem(HttpStatus.forStatus(Integer.parseInt(prior[2])), prior[1]))
                        : new Outcome<>(Json.read(prior[1], type), null);
            }
            Savepoint applying = tx.connection().setSavepoint();
            try {
                T answer = apply.run(tx);
                tx.update("UPDATE occupancy_request SET response = ? WHERE site_id = ? AND idempotency_key = ?",
                        Json.writeString(answer), site, key.toString());
                return new Outcome<>(answer, null);
            } catch (HttpProblem refused) {
                tx.connection().rollback(applying);
                tx.update("UPDATE occupancy_request SET response = ?, refused_status = ? WHERE site_id = ? AND"
                        + " idempotency_key = ?", refused.getMessage(), refused.status().getCode(), site, key.toString());
                return new Outcome<>(null, refused);
            }
        });
        if (outcome.refused() != null) {
            throw outcome.refused();
        }
        return outcome.answer();
    }

    /** Bumps the version (locking the row for this transaction) and reclaims expired blocks. */
    private Mall lock(Tx tx, String mallId) throws SQLException {
        Instant now = clock.instant();
        if (tx.update("UPDATE occupancy_mall SET version = version + 1, updated_at = ? WHERE id = ?", now.toString(), mallId) == 0) {
            throw notFound(mallId);
        }
        List<BlockRow> expired = tx.query("SELECT " + BLOCK_COLUMNS
                + " FROM occupancy_block WHERE mall_id = ? AND state = 'ACTIVE' AND expires_ms <= ? ORDER BY id",
                Ledger::blockRow, mallId, now.toEpochMilli());
        for (BlockRow block : expired) {
            if (tx.update("UPDATE occupancy_block SET state = 'RECLAIMED', reclaimed = tokens, tokens = 0, reclaimed_recounts ="
                    + " (SELECT recounts FROM occupancy_mall WHERE id = ?) WHERE id = ? AND state = 'ACTIVE'",
                    mallId, block.id()) == 1) {
                tx.update("UPDATE occupancy_mall SET reconciled_count = reconciled_count + ?, leased_out = leased_out - ? WHERE id = ?",
                        block.tokens(), block.tokens(), mallId);
                audit.append(tx, new AuditEntry("relay", "occupancy.block.reclaimed", "site:" + block.siteId(), block.json(),
                        null, "lease " + block.id() + " expired at " + Instant.ofEpochMilli(block.expiresMs()) + ": its "
                        + block.tokens() + " tokens are counted as used until the site reconciles"));
            }
        }
        return read(tx, mallId);
    }

    private void take(Tx tx, Mall mall, long tokens) throws SQLException {
        int updated = tx.update("UPDATE occupancy_mall SET leased_out = leased_out + ? WHERE id = ?"
                + " AND reconciled_count + leased_out + ? <= capacity AND mode = 'NORMAL' AND state = 'KNOWN'",
                tokens, mall.id(), tokens);
        if (updated != 1) {
            // cannot happen while this transaction holds the row; the conditional update is the invariant's guard
            throw HttpProblem.conflict("mall " + mall.id() + ": " + tokens + " tokens are no longer free; try again");
        }
    }

    private static final String MALL_COLUMNS =
            "id, capacity, reconciled_count, leased_out, mode, state, state_reason, recounts, version, updated_at";
    private static final String BLOCK_COLUMNS = "id, mall_id, site_id, state, tokens, used, exited, reclaimed, expires_ms,"
            + " revoked_open, recounts, pre_exited, reclaimed_recounts";

    private static Mall read(Tx tx, String mallId) throws SQLException {
        return tx.queryOne("SELECT " + MALL_COLUMNS + " FROM occupancy_mall WHERE id = ?", Ledger::mallRow, mallId)
                .orElseThrow(() -> notFound(mallId));
    }

    private static Mall mallRow(java.sql.ResultSet r) throws SQLException {
        return new Mall(r.getString(1), r.getLong(2), r.getLong(3), r.getLong(4), Mode.valueOf(r.getString(5)),
                r.getString(6), r.getString(7), r.getLong(8), r.getLong(9), Instant.parse(r.getString(10)));
    }

    private static BlockRow blockRow(java.sql.ResultSet r) throws SQLException {
        return new BlockRow(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getLong(5), r.getLong(6),
                r.getLong(7), r.getLong(8), r.getLong(9), r.getLong(10), r.getLong(11), r.getLong(12), r.getLong(13));
    }

    private static BlockRow block(Tx tx, String document, String site, String mallId, UUID leaseId) throws SQLException {
        BlockRow block = tx.queryOne("SELECT " + BLOCK_COLUMNS + " FROM occupancy_block WHERE id = ?", Ledger::blockRow,
                leaseId.toString()).orElseThrow(() ->
                HttpProblem.notFound(document + ".lease_id: site " + site + " has no lease " + leaseId));
        if (!block.siteId().equals(site) || !block.mallId().equals(mallId)) {
            throw HttpProblem.notFound(document + ".lease_id: site " + site + " has no lease " + leaseId);
        }
        return block;
    }

    private static void requireActive(String site, BlockRow block) {
        if (!block.state().equals(ACTIVE)) {
            throw HttpProblem.conflict("site " + site + ": lease " + block.id() + " is already " + block.state());
        }
    }

    /** The mall {@code site} leases for, if an admin bound it to one. */
    static Optional<String> boundMall(Tx tx, String site) throws SQLException {
        return tx.queryOne("SELECT mall_id FROM occupancy_site WHERE site_id = ?", r -> r.getString(1), site);
    }

    private static HttpProblem notBound(String site) {
        return HttpProblem.notFound("site " + site + ": not bound to any mall; an admin binds it (POST /v1/malls/{id}/sites)");
    }

    private static String mallOf(Tx tx, String site, String mallId) throws SQLException {
        String bound = boundMall(tx, site).orElseThrow(() -> notBound(site));
        if (!bound.equals(mallId)) {
            throw HttpProblem.conflict("mall_id: site " + site + " leases for mall " + bound + ", not " + mallId);
        }
        return bound;
    }

    private static void refuseUnlessAdmitting(Mall mall, String site) {
        if (mall.mode() != Mode.NORMAL) {
            throw HttpProblem.conflict("mall " + mall.id() + ": admissions suspended, mode is " + mall.mode()
                    + "; no tokens for site " + site + " until a safety officer sets NORMAL");
        }
        if (!mall.state().equals(KNOWN)) {
            throw HttpProblem.conflict("mall " + mall.id() + ": admissions suspended, occupancy is UNKNOWN ("
                    + mall.stateReason() + "); an operator must recount it before admissions resume");
        }
    }

    private static String revokeWhy(Mall mall) {
        if (mall.mode() != Mode.NORMAL) {
            return "mode " + mall.mode();
        }
        if (!mall.state().equals(KNOWN)) {
            return "occupancy UNKNOWN";
        }
        return "capacity " + mall.capacity() + " is below count + leased out";
    }

    private static void checkHolder(String document, String site, String holder) {
        if (!holder.equals(site)) {
            throw HttpProblem.badRequest(document + ".holder_id: must be the requesting site '" + site + "', was '" + holder + "'");
        }
    }

    private static void checkTtl(String document, Duration ttl) {
        if (ttl.compareTo(MAX_TTL) > 0) {
            throw HttpProblem.badRequest(document + ".ttl: must be at most " + MAX_TTL + ", was " + ttl);
        }
    }

    private long expiry(Instant now, Duration ttl) {
        return now.plus(ttl).plus(margin).toEpochMilli();
    }

    private static CapacityChange capacityChange(Tx tx, String mallId, int seq) throws SQLException {
        return tx.queryOne("SELECT seq, status, capacity, previous, requested_by, requested_at, approved_by, effective_from, reason,"
                + " over_bound"
                + " FROM occupancy_capacity WHERE mall_id = ? AND seq = ?", r -> {
                    long previous = r.getLong(4);
                    Long prev = r.wasNull() ? null : previous;
                    String effective = r.getString(8);
                    return new CapacityChange(mallId, r.getInt(1), r.getString(2), r.getLong(3), prev, r.getString(5),
                            Instant.parse(r.getString(6)), r.getString(7), effective == null ? null : Instant.parse(effective),
                            r.getString(9), r.getLong(10));
                }, mallId, seq).orElseThrow();
    }

    private static HttpProblem notFound(String mallId) {
        return HttpProblem.notFound("mall " + mallId + ": no such mall");
    }
}
