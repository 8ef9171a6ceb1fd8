package dev.outpost.sim.occupancy;

import dev.outpost.api.lease.LeaseAcquire;
import dev.outpost.api.lease.LeaseGrant;
import dev.outpost.api.lease.LeaseRelease;
import dev.outpost.api.lease.LeaseRenew;
import dev.outpost.api.lease.MallState;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The relay's occupancy ledger reduced to its arithmetic, in virtual time, for the simulation: the same rules as
 * {@code dev.outpost.relay.occupancy.Ledger} (conditional grants, reports that move rights between leased-out and
 * count, expired blocks reclaimed as used and corrected by late reports, revokes on a cut or a mode without
 * entries, exits that may predate the latest recount giving rights back without lowering the recounted count). The real ledger is tested against SQLite and PostgreSQL by the relay's own suites; this model lets ten
 * thousand scenarios run in a minute. It is durable by construction: a relay "restart" is an outage.
 */
final class RelayModel {
    final String mallId;
    long capacity;
    long count;
    long leasedOut;
    String mode = "NORMAL";
    String state = "KNOWN";
    long recounts;
    long version = 1;
    long overBound;
    private final long marginNanos;
    private final Map<UUID, Block> blocks = new HashMap<>();
    private final Map<UUID, Object> answers = new HashMap<>();

    private static final class Block {
        long tokens;
        long used;
        long exited;
        long expiresAt;
        boolean reclaimed;
        long reclaimedTokens;
        long revokedOpen;
        boolean closed;
        long recounts;
        long preExited;
        long reclaimedAtRecounts;
    }

    /** A refusal: nothing changed. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    RelayModel(String mallId, long capacity, Duration margin) {
        this.mallId = mallId;
        this.capacity = capacity;
        this.marginNanos = margin.toNanos();
    }

    long free() {
        return Math.max(0, capacity - count - leasedOut);
    }

    private boolean admitting() {
        return mode.equals("NORMAL") && state.equals("KNOWN");
    }

    MallState mallState() {
        return new MallState(mallId, capacity, mode, state, recounts, version, Instant.EPOCH);
    }

    private void changed() {
        version++;
    }

    void reclaimExpired(long now) {
        for (Block b : blocks.values()) {
            if (!b.closed && !b.reclaimed && now - b.expiresAt >= 0) {
                b.reclaimed = true;
                b.reclaimedTokens = b.tokens;
                b.reclaimedAtRecounts = recounts;
                count += b.tokens;
                leasedOut -= b.tokens;
                b.tokens = 0;
                changed();
            }
        }
    }

    LeaseGrant acquire(LeaseAcquire r, long now) {
        Object done = answers.get(r.idempotencyKey());
        if (done != null) {
            return (LeaseGrant) done;
        }
        reclaimExpired(now);
        checkRecounts(r.recounts());
        if (!admitting()) {
            throw new Refused("admissions suspended: " + mode + "/" + state);
        }
        long grant = Math.min(r.tokens(), free()); // none when full: an empty block, to report exits on
        Block b = new Block();
        b.tokens = grant;
        b.expiresAt = now + r.ttl().toNanos() + marginNanos;
        b.recounts = r.recounts();
        UUID id = new UUID(r.idempotencyKey().getMostSignificantBits(), r.idempotencyKey().getLeastSignificantBits() ^ 1);
        blocks.put(id, b);
        leasedOut += grant;
        changed();
        LeaseGrant answer = new LeaseGrant(r.idempotencyKey(), id, mallId, r.holderId(), (int) grant, 0, r.ttl());
        answers.put(r.idempotencyKey(), answer);
        return answer;
    }

    LeaseGrant renew(LeaseRenew r, long now) {
        Object done = answers.get(r.idempotencyKey());
        if (done != null) {
            return (LeaseGrant) done;
        }
        reclaimExpired(now);
        Block b = blocks.get(r.leaseId());
        if (b == null || b.closed || b.reclaimed) {
            throw new Refused("lease " + r.leaseId() + " is not active");
        }
        long held = report(b, r.used(), r.exited(), r.recounts(), r.preExited());
        long over = Math.max(0, count + leasedOut - capacity);
        long keep = admitting() ? Math.max(0, held - over) : 0;
        long revoked = held - keep;
        long tokens;
        if (r.tokens() <= keep) {
            tokens = r.tokens();
        } else if (admitting() && revoked == 0) {
            long more = Math.min(r.tokens() - keep, free());
            leasedOut += more;
            tokens = keep + more;
        } else {
            tokens = keep;
        }
        if (tokens < held) {
            leasedOut -= held - tokens;
        }
        b.revokedOpen += revoked;
        b.tokens = tokens;
        b.expiresAt = now + r.ttl().toNanos() + marginNanos;
        changed();
        LeaseGrant answer = new LeaseGrant(r.idempotencyKey(), r.leaseId(), mallId, r.holderId(), (int) tokens,
                (int) revoked, r.ttl());
        answers.put(r.idempotencyKey(), answer);
        return answer;
    }

    void release(LeaseRelease r, long now) {
        if (answers.containsKey(r.idempotencyKey())) {
            return;
        }
        reclaimExpired(now);
        Block b = blocks.get(r.leaseId());
        if (b == null || b.closed) {
            throw new Refused("lease " + r.leaseId() + " is closed");
        }
        if (b.reclaimed) {
            long du = r.used() - b.used;
            long de = r.exited() - b.exited;
            checkRecounts(r.recounts());
            if (du < 0 || de < 0 || du > b.reclaimedTokens + de) {
                throw new Refused("late report does not add up");
            }
            long absorbed = beforeRecount(b, de, r.recounts(), r.preExited());
            long returned = recounts > b.reclaimedAtRecounts ? 0 : b.reclaimedTokens;
            count += Math.max(-count, du - (de - absorbed) - returned);
        } else {
            report(b, r.used(), r.exited(), r.recounts(), r.preExited());
            leasedOut -= b.tokens;
            b.tokens = 0;
        }
        b.used = r.used();
        b.exited = r.exited();
        b.recounts = r.recounts();
        b.preExited = r.preExited();
        b.closed = true;
        changed();
        answers.put(r.idempotencyKey(), Boolean.TRUE);
    }

    private long report(Block b, long used, long exited, long reportRecounts, long preExited) {
        long du = used - b.used;
        long de = exited - b.exited;
        if (du < 0 || de < 0) {
            throw new Refused("cumulative counts went back");
        }
        checkRecounts(reportRecounts);
        if (du > b.tokens + de + b.revokedOpen) {
            throw new Refused("reports " + du + " admissions but held " + b.tokens + " (+" + de + " exits, +"
                    + b.revokedOpen + " revoked)");
        }
        long absorbed = beforeRecount(b, de, reportRecounts, preExited);
        long credited = Math.min(de - absorbed, count + du);
        long tokens = b.tokens - du + absorbed + credited;
        if (tokens < 0) {
            // spent before the revoke reached the site: those people are inside all the same
            b.revokedOpen += tokens;
            tokens = 0;
        }
        count += du - credited;
        leasedOut += tokens - b.tokens;
        b.used = used;
        b.exited = exited;
        b.recounts = reportRecounts;
        b.preExited = preExited;
        b.tokens = tokens;
        return tokens;
    }

    /** The exits of a report that may predate the latest recount: they give rights back but leave the count alone. */
    private long beforeRecount(Block b, long de, long reportRecounts, long preExited) {
        if (reportRecounts < recounts) {
            return de;
        }
        long base = b.recounts < reportRecounts ? b.exited : b.preExited;
        return Math.clamp(preExited - base, 0, de);
    }

    private void checkRecounts(long reportRecounts) {
        if (reportRecounts > recounts) {
            throw new Refused("reports against recount " + reportRecounts + " but the mall has had " + recounts);
        }
    }

    void changeCapacity(long newCapacity) {
        capacity = newCapacity;
        // the bound reported for this cut; an earlier cut's over-admitted people may still be inside
        overBound = Math.max(overBound, count + leasedOut - capacity);
        changed();
    }

    void setMode(String newMode) {
        mode = newMode;
        if (newMode.equals("FIRE")) {
            state = "UNKNOWN";
        }
        changed();
    }

    void recount(long inside) {
        count = inside;
        recounts++;
        // more people inside than the capacity (a fire let them in uncounted): as after a cut, exits keep the mall
        // flowing at their rate until the sites hand back enough
        overBound = Math.max(overBound, count + leasedOut - capacity);
        state = "KNOWN";
        if (mode.equals("FIRE")) {
            mode = "NORMAL";
        }
        changed();
    }
}
