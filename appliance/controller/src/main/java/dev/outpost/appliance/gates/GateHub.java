package dev.outpost.appliance.gates;

import dev.outpost.api.lease.LeaseAcquire;
import dev.outpost.api.lease.LeaseGrant;
import dev.outpost.api.lease.LeaseRelease;
import dev.outpost.api.lease.LeaseRenew;
import dev.outpost.api.lease.MallState;
import dev.outpost.site.message.DecisionSource;
import dev.outpost.site.message.GateLeaseAsk;
import dev.outpost.site.message.GateLeaseGrant;
import dev.outpost.site.message.MallStatus;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * The site's gate hub (ARCHITECTURE.md §6), as a single-threaded state machine on a monotonic clock: it holds the
 * site block leased from the relay, hands gates small leases from it, takes their reports (admissions, and exits
 * that give rights back), and keeps the mall's status for the gates. The caller feeds it one event at a time; it
 * answers gates and asks the relay through {@link HubOutputs}, one relay request at a time.
 *
 * <p>Accounting, as the hub sees it: {@code block} unspent rights are at the site, of which each gate lease holds
 * some and the pool holds the rest. A gate's report moves rights between its lease and "inside" (admissions) and
 * back (exits); the site's cumulative {@code used}/{@code exited} go to the relay the same way. A gate lease the
 * hub gave up on (expired on the hub's clock, which runs longer than the gate's) is counted as entirely used; the
 * gate's late report corrects it, as exits given back. The block is timed from the moment the hub asked; once it
 * runs out the hub grants nothing new from it, only the rights later exits give back.
 *
 * <p>Recounts: the hub publishes the relay's count of operator recounts ({@link MallState#recounts()}) to the gates,
 * and splits every gate's exits into those that may predate the latest recount (seen by a gate that did not know of
 * it yet, or reported by one that still does not) and the rest. Its reports to the relay carry the recount it knows of
 * and, per site block, how many of the block's exits may predate it: the relay gives their rights back without
 * lowering the recounted count. When the hub learns of a newer recount, every exit it has heard of so far may predate
 * it. The rights of such exits do not go into the pool when a gate reports them, and those of exits the hub has not
 * reported yet leave it when it learns of the recount: the recount freed that capacity at the relay, which may lend it
 * again before the report arrives. They come back with the relay's answer, as far as the mall has room for them.
 */
public final class GateHub {
    private final String siteId;
    private final String mallId;
    private final HubSettings settings;
    private final HubOutputs out;
    private final Supplier<UUID> ids;
    private final InstantSource wall;

    // the site block
    private UUID blockId;
    private boolean blockLive;
    private long blockExpiresAt;
    private boolean releasing;   // the relay refused to renew the block: release it
    private long block;          // unspent rights at the site: gate leases + pool (dead block: rights exits gave back)
    private long siteUsed;       // cumulative since the hub started counting, over every block
    private long siteExited;
    private long baseUsed;       // the part of siteUsed reported on earlier blocks
    private long baseExited;
    private long reportedUsed;   // the part of siteUsed the relay has
    private long reportedExited;
    private long sitePre;        // the part of siteExited that may predate the latest recount the hub knows of
    private long basePre;        // the part of sitePre reported on earlier blocks
    private long siteVoid;       // exits whose rights stayed out of the pool until the relay answers a report of them
    private long baseVoid;       // siteVoid as of the report that closed the last block
    private long reportedVoid;   // siteVoid as of the report the relay last answered
    private long requestVoid;    // siteVoid as of the report in flight
    private long sentExited;     // siteExited and siteVoid as of the last report sent
    private long sentVoid;
    private DecisionSource blockSource = DecisionSource.GATE_LEASE;

    // the relay
    private Object inFlight;
    private Object retry;        // a request whose outcome is unknown: sent again as it was (the relay de-duplicates)
    private long inFlightSince;
    private boolean relayReachable;
    private long nextRelayTry;
    private String relayRefusal;

    // the mall
    private MallState mall;
    private long recounts;       // the relay's recounts, as the hub last heard
    private boolean recountToReport; // a newer recount no request sent since carries: report against it at once
    private long epoch;
    private boolean localFire;
    private MallStatus published;

    private final Map<UUID, GateLease> leases = new LinkedHashMap<>();
    private final Map<String, UUID> leaseOfGate = new LinkedHashMap<>();

    /** One gate's lease as the hub holds it. */
    static final class GateLease {
        final UUID id;
        final String gate;
        long tokens;
        long used;
        long exited;
        long expiresAt;
        boolean reclaimed;
        long reclaimedTokens;
        long reclaimedAtRecounts;
        long recounts = -1;      // the recount the gate knew of at its last report, and how many of its exits
        long preExited;          // it said predate that one

        GateLease(UUID id, String gate) {
            this.id = id;
            this.gate = gate;
        }
    }

    public GateHub(String siteId, String mallId, HubSettings settings, HubOutputs outputs, Supplier<UUID> ids,
                   InstantSource wall) {
        this.siteId = siteId;
        this.mallId = mallId;
        this.settings = settings;
        this.out = outputs;
        this.ids = ids;
        this.wall = wall;
    }

    // ---- gates ----

    /** A gate asked: report, then acquire / renew / close its lease. Always answers. */
    public void gateAsk(GateLeaseAsk ask, long now) {
        step(now);
        GateLease lease = leases.get(ask.leaseId());
        if (lease == null) {
            lease = new GateLease(ask.leaseId(), ask.deviceId());
            lease.reclaimed = true; // a lease the hub does not know was never granted here: its report counts in full
            leases.put(lease.id, lease);
        }
        if (!lease.gate.equals(ask.deviceId())) {
            refuse(ask, DecisionSource.CENTRAL, "lease " + lease.id + " belongs to gate " + lease.gate);
            return;
        }
        UUID previous = leaseOfGate.put(ask.deviceId(), lease.id);
        if (previous != null && !previous.equals(lease.id)) {
            reclaim(leases.get(previous)); // a gate has one lease: the one it names now
        }
        long du = ask.used() - lease.used;
        long de = ask.exited() - lease.exited;
        if (du < 0 || de < 0) {
            // an older ask overtaken by a newer one on the LAN: the gate has the newer answer and ignores this one
            refuse(ask, DecisionSource.FALLBACK, "stale report (its cumulative counts went back): ignored");
            return;
        }
        long pre = beforeRecount(lease, ask, de);
        lease.used = ask.used();
        lease.exited = ask.exited();
        lease.recounts = ask.recounts();
        lease.preExited = ask.preExited();
        if (lease.reclaimed) {
            settleLate(lease, du, de, pre);
            lease.reclaimed = false;
            du = 0;
            de = 0;
            pre = 0;
        }
        siteUsed += du;
        siteExited += de;
        sitePre += pre;
        siteVoid += pre;
        block += de - pre - du;
        // the gate says what it holds: rights it gave up (an expired lease, more than it asks to keep) go back to
        // the pool; rights it spent before a revoke reached it come out of the pool, since those people are inside
        lease.tokens = ask.held();
        long want = admits() ? ask.want() : 0;
        long before = lease.tokens;
        long pool = pool();
        if (pool < 0) {
            // the block shrank under the leases (a revoke from the relay): take it back from this gate first
            lease.tokens = Math.max(0, lease.tokens + pool);
        } else if (want > lease.tokens) {
            lease.tokens += Math.min(want - lease.tokens, pool);
        }
        lease.tokens = Math.min(lease.tokens, want);
        lease.expiresAt = now + settings.gateTtl().toNanos() + settings.margin().toNanos();
        long revoked = Math.max(0, before - lease.tokens);
        String reason = lease.tokens > 0 ? blockLive ? "granted" : "granted from exits the site saw (no site block)"
                : !admits() ? "no entries: " + why() : "site pool empty: " + why();
        out.grant(ask.deviceId(), new GateLeaseGrant(ask.askId(), ask.leaseId(), lease.tokens > 0 || !admits(),
                (int) lease.tokens, (int) revoked, settings.gateTtl().toMillis(),
                blockLive ? blockSource : DecisionSource.SITE_BLOCK, brief(reason)));
        step(now);
    }

    /** Answers an ask the hub does not act on: it changes nothing in the books. */
    private void refuse(GateLeaseAsk ask, DecisionSource source, String reason) {
        out.grant(ask.deviceId(), new GateLeaseGrant(ask.askId(), ask.leaseId(), false, 0, 0, settings.gateTtl().toMillis(),
                source, reason));
    }

    /** A grant's reason holds at most 128 characters; the relay's words in it may be longer. */
    private static String brief(String reason) {
        return reason.length() <= 128 ? reason : reason.substring(0, 125) + "...";
    }

    /**
     * How many of an ask's {@code de} new exits may predate the latest recount the hub knows of: all of them when the
     * gate did not know of it (or knows of one the hub has not heard of: the hub takes everything so far as before it
     * when it does); else the growth of the gate's {@code pre_exited} since its last report against that recount.
     */
    private long beforeRecount(GateLease lease, GateLeaseAsk ask, long de) {
        if (ask.recounts() != recounts) {
            return de;
        }
        long base = lease.recounts < ask.recounts() ? lease.exited : lease.preExited;
        return Math.clamp(ask.preExited() - base, 0, de);
    }

    /**
     * A lease the hub gave up on (counting its rights as used) reports late: its admissions go in as used, the exits
     * it saw and the rights counted as used at the reclaim come back as exits. Those rights predate a recount that
     * came after the reclaim (the operator counted who was inside, not who the reclaim assumed), like its exits that
     * predate one.
     */
    private void settleLate(GateLease lease, long du, long de, long pre) {
        long returned = lease.reclaimedTokens;
        long before = pre + (recounts > lease.reclaimedAtRecounts ? returned : 0);
        lease.reclaimedTokens = 0;
        siteUsed += du;
        siteExited += de + returned;
        sitePre += before;
        siteVoid += before;
        block += de + returned - before - du;
    }

    private void reclaim(GateLease lease) {
        if (lease == null || lease.reclaimed) {
            return;
        }
        lease.reclaimed = true;
        lease.reclaimedTokens = lease.tokens;
        lease.reclaimedAtRecounts = recounts;
        siteUsed += lease.tokens;
        block -= lease.tokens;
        lease.tokens = 0;
        leaseOfGate.remove(lease.gate, lease.id);
    }

    /** A gate went FIRE_OPEN: passages are uncounted from now, so the count is UNKNOWN until a recount. */
    public void gateFire(String gate, long now) {
        if (!localFire) {
            Logger.warn("hub {}: gate {} reports a fire; entries suspended until a recount", siteId, gate);
        }
        localFire = true;
        step(now);
    }

    // ---- relay ----

    /** The relay's answer to an acquire or renew. */
    public void relayGranted(LeaseGrant grant, long now) {
        Object asked = inFlight;
        inFlight = null;
        relayUp();
        relayRefusal = null;
        long askedAt = inFlightSince;
        if (asked instanceof LeaseAcquire acquire) {
            Logger.info("hub {}: site block {} acquired with {} of {} rights (key {})", siteId, grant.leaseId(),
                    grant.tokens(), acquire.tokens(), acquire.idempotencyKey());
            blockId = grant.leaseId();
            reportedUsed = baseUsed;
            reportedExited = baseExited;
            reportedVoid = baseVoid;
            block = grant.tokens() + unreported(baseUsed, baseExited, baseVoid);
        } else if (asked instanceof LeaseRenew renew) {
            reportedUsed = baseUsed + renew.used();
            reportedExited = baseExited + renew.exited();
            reportedVoid = requestVoid;
            block = grant.tokens() + unreported(reportedUsed, reportedExited, reportedVoid);
            if (grant.revoked() > 0) {
                Logger.warn("hub {}: relay revoked {} rights of the site block", siteId, grant.revoked());
            }
        } else {
            return;
        }
        blockLive = true;
        blockSource = DecisionSource.GATE_LEASE;
        blockExpiresAt = askedAt + grant.ttl().toNanos();
        if (pool() < 0) {
            // the relay took back rights the gates hold: their next answers revoke them, and until then the pool
            // stays negative so nothing new is granted
            Logger.warn("hub {}: the site block holds {} fewer rights than the gates; revoking at their next ask", siteId,
                    -pool());
        }
        step(now);
    }

    /**
     * Rights exits gave back, less admissions, since the relay last counted up to ({@code used}, {@code exited}), leaving
     * out exits that may predate the latest recount ({@code voided} of them were as of that report).
     */
    private long unreported(long used, long exited, long voided) {
        return (siteExited - exited) - (siteVoid - voided) - (siteUsed - used);
    }

    /** The relay closed the block (after a release): everything reported on it is settled. */
    public void relaySettled(long now) {
        if (inFlight instanceof LeaseRelease release) {
            baseUsed += release.used();
            baseExited += release.exited();
            basePre += release.preExited();
            // exits carried into the next block keep what they were; more than that cannot predate the recount
            sitePre = basePre + Math.min(sitePre - basePre, siteExited - baseExited);
            baseVoid = requestVoid;
            reportedUsed = baseUsed;
            reportedExited = baseExited;
            reportedVoid = baseVoid;
            block = unreported(baseUsed, baseExited, baseVoid);
            blockId = null;
            releasing = false;
        }
        inFlight = null;
        relayUp();
        step(now);
    }

    /** The relay refused the request (full, suspended, a report it does not accept): it changed nothing. */
    public void relayRefused(String reason, long now) {
        Object asked = inFlight;
        if (asked instanceof LeaseAcquire && !reason.equals(relayRefusal)) {
            Logger.info("hub {}: relay refused a site block: {}", siteId, reason);
        }
        inFlight = null;
        relayUp();
        relayRefusal = reason;
        nextRelayTry = now + settings.relayRetry().toNanos();
        if (asked instanceof LeaseRenew) {
            Logger.warn("hub {}: relay refused to renew block {}: {}; releasing it", siteId, blockId, reason);
            blockDied();
            releasing = true;
            nextRelayTry = now;
        } else if (asked instanceof LeaseRelease release) {
            // the relay will reclaim the block counting every right as used: the safe side; drop it
            Logger.warn("hub {}: relay refused to release block {}: {}; it will reclaim it", siteId, blockId, reason);
            inFlight = release;
            relaySettled(now);
            return;
        }
        step(now);
    }

    /** The request did not reach the relay or its answer was lost: tried again later. */
    public void relayFailed(String reason, long now) {
        retry = inFlight;
        inFlight = null;
        Logger.debug("hub {}: {} failed: {}", siteId, retry == null ? "a request" : retry.getClass().getSimpleName(), reason);
        if (relayReachable) {
            Logger.warn("hub {}: relay out of reach ({}); riding through on the site block", siteId, reason);
        }
        relayReachable = false;
        blockSource = DecisionSource.SITE_BLOCK;
        nextRelayTry = now + settings.relayRetry().toNanos();
        step(now);
    }

    /** The mall as the relay holds it (from the long-poll). */
    public void relayMall(MallState state, long now) {
        if (state.recounts() > recounts) {
            if (mall != null) {
                localFire = false; // a fire a gate reported before the hub first heard from the relay may be newer
            }
            recounts = state.recounts();
            // every exit the hub has heard of may predate the recount: none of it lowers the recounted count, and the
            // rights of those not yet sent to the relay leave the pool until it answers
            sitePre = basePre + (siteExited - baseExited);
            long unsent = Math.max(0, (siteExited - sentExited) - (siteVoid - sentVoid));
            siteVoid += unsent;
            block -= unsent;
            Logger.info("hub {}: mall {} recounted ({} recounts); {} exits on the site's books count as before it",
                    siteId, mallId, recounts, sitePre - basePre);
            // until the relay has a report against the recount, it cannot tell this site's rights from the ones it
            // freed: report at once, so that window is a round trip
            recountToReport = blockId != null;
        }
        boolean cut = mall != null && state.capacity() < mall.capacity();
        mall = state;
        if ((cut || recountToReport) && inFlight == null) {
            renewSoon();
        }
        step(now);
    }

    private void relayUp() {
        relayReachable = true;
    }

    // ---- time ----

    public void tick(long now) {
        step(now);
    }

    private void step(long now) {
        for (GateLease lease : leases.values()) {
            if (!lease.reclaimed && now - lease.expiresAt >= 0 && lease.tokens > 0) {
                Logger.info("hub {}: lease {} of gate {} ran out; its {} rights count as used", siteId, lease.id,
                        lease.gate, lease.tokens);
                reclaim(lease);
            }
        }
        if (blockLive && now - blockExpiresAt >= 0) {
            Logger.warn("hub {}: site block {} ran out on the hub's clock", siteId, blockId);
            blockDied();
        }
        if (!admits() && pool() > 0 && inFlight == null) {
            renewSoon();
        }
        relay(now);
        publish();
    }

    private void blockDied() {
        blockLive = false;
        // the block is reported and closed: every right the gates hold counts as used (their late reports correct
        // it), the pool goes back to the relay, and only exits reported from now on refill it
        for (GateLease lease : leases.values()) {
            reclaim(lease);
        }
        block = 0;
    }

    private void renewSoon() {
        nextRelayTry = Long.MIN_VALUE;
    }

    private void relay(long now) {
        if (inFlight != null) {
            if (now - inFlightSince > settings.relayTimeout().toNanos()) {
                relayFailed("no answer in " + settings.relayTimeout().toMillis() + " ms", now);
            }
            return;
        }
        if (nextRelayTry != Long.MIN_VALUE && now - nextRelayTry < 0) {
            return;
        }
        Object request = retry;
        if (request == null) {
            request = nextRequest(now);
            recountToReport &= request == null; // a request built now carries the latest recount (and is retried)
            requestVoid = siteVoid;
            if (request instanceof LeaseRenew renew) {
                sentExited = baseExited + renew.exited();
                sentVoid = siteVoid;
            } else if (request instanceof LeaseRelease release) {
                sentExited = baseExited + release.exited();
                sentVoid = siteVoid;
            }
        }
        retry = null;
        if (request != null) {
            if (request instanceof LeaseRenew renew && blockLive && renew.tokens() < block) {
                // rights the site gives back leave the pool now, before the relay lends them to someone else
                block = renew.tokens();
            }
            inFlight = request;
            inFlightSince = now;
            nextRelayTry = now + settings.reportEvery().toNanos();
            out.relay(request);
        }
    }

    private Object nextRequest(long now) {
        boolean changed = siteUsed != reportedUsed || siteExited != reportedExited;
        if (blockId == null) {
            return mallAdmits() ? new LeaseAcquire(ids.get(), mallId, siteId, settings.blockSize(), settings.blockTtl(),
                    recounts) : null;
        }
        if (!blockLive && !releasing) {
            // the block ran out on the hub's clock, which stops first: renewing it revives it if the relay still
            // holds it; if not, it is released below
            return renew(now);
        }
        if (!blockLive) {
            // the relay let it go: report everything and close it; a new one follows
            return new LeaseRelease(ids.get(), blockId, mallId, siteId, (int) (siteUsed - baseUsed),
                    (int) (siteExited - baseExited), recounts, (int) blockPre());
        }
        boolean low = pool() <= settings.blockLowWater();
        boolean due = blockExpiresAt - now < settings.blockTtl().toNanos() * 2 / 3;
        return low || due || changed || recountToReport || !admits() ? renew(now) : null;
    }

    private LeaseRenew renew(long now) {
        long want = admits() ? Math.max(settings.blockSize(), leased() + settings.blockLowWater() + 1) : leased();
        return new LeaseRenew(ids.get(), blockId, mallId, siteId, (int) Math.min(Integer.MAX_VALUE, want),
                settings.blockTtl(), (int) (siteUsed - baseUsed), (int) (siteExited - baseExited), recounts, (int) blockPre());
    }

    /** The exits reported on this block that may predate the latest recount the hub knows of. */
    private long blockPre() {
        return Math.clamp(sitePre - basePre, 0, siteExited - baseExited);
    }

    // ---- what it knows ----

    private long leased() {
        long sum = 0;
        for (GateLease lease : leases.values()) {
            if (!lease.reclaimed) {
                sum += lease.tokens;
            }
        }
        return sum;
    }

    /** Rights at the site not lent to a gate (negative after a revoke, until the gates give some back). */
    public long pool() {
        return block - leased();
    }

    private boolean mallAdmits() {
        return mall == null || mall.mode().equals("NORMAL") && mall.state().equals("KNOWN") && !localFire;
    }

    private boolean admits() {
        return mall != null && mallAdmits();
    }

    private String why() {
        if (mall == null) {
            return "no word from the relay on the mall yet";
        }
        if (localFire) {
            return "a gate saw a fire: count UNKNOWN until a recount";
        }
        if (!mall.mode().equals("NORMAL")) {
            return "mall " + mall.mode();
        }
        if (!mall.state().equals("KNOWN")) {
            return "count UNKNOWN until a recount";
        }
        if (relayRefusal != null) {
            return "relay: " + relayRefusal;
        }
        return "mall full";
    }

    private void publish() {
        if (mall == null) {
            return;
        }
        MallStatus.Mode mode = MallStatus.Mode.valueOf(mall.mode());
        boolean known = mall.state().equals("KNOWN") && !localFire;
        if (published == null || published.mode() != mode || published.countKnown() != known
                || published.capacity() != mall.capacity() || published.recounts() != recounts) {
            epoch++;
            published = new MallStatus(mallId, mode, known, recounts, mall.capacity(), epoch, wall.instant());
            out.publish(published);
        }
    }

    public HubView view() {
        return new HubView(siteId, mallId, published, blockId, blockLive, block, pool(), leased(), siteUsed, siteExited,
                relayReachable, leaseOfGate.size());
    }

    /** The hub at a glance, for the local occupancy page and tests. */
    public record HubView(String siteId, String mallId, MallStatus status, UUID blockId, boolean blockLive, long block,
                          long pool, long leased, long used, long exited, boolean relayReachable, int gates) {
    }
}
