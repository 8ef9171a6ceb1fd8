package dev.outpost.gate.admission;

import dev.outpost.api.json.Json;
import dev.outpost.gate.journal.GateBook;
import dev.outpost.gate.journal.Journal;
import dev.outpost.gate.journal.JournalException;
import dev.outpost.hal.turnstile.PassageCounters;
import dev.outpost.hal.turnstile.TurnstileStatus;
import dev.outpost.site.message.DecisionSource;
import dev.outpost.site.message.GateLeaseAsk;
import dev.outpost.site.message.GateLeaseGrant;
import dev.outpost.site.message.MallStatus;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * The gate's decisions (ARCHITECTURE.md §6), as a single-threaded state machine on a monotonic clock: the caller
 * feeds it what happened (a passage, a status, an answer from the hub, the passing of time) one call at a time, with
 * the current {@code now} in nanoseconds, and it journals, then acts through {@link GateOutputs}.
 *
 * <p>Entries: while the gate may admit and holds a right, it keeps the entry unlocked for one person. Write order:
 * journal "right spent" (durable) → unlock → journal the passage when the entry-passage sensor confirms it. A crash
 * between those steps loses a right (the safe direction); nothing re-issues one. A right spent but not used by the
 * time entries stop is given back once the turnstile has relocked.
 *
 * <p>Rights: the gate holds a lease from its hub, timed from the moment it asked, so it always stops before the hub
 * reclaims. Every confirmed exit gives one right back to this gate, so admitted − exited never exceeds what it was
 * granted; with no hub and no lease the gate still admits one person per exit it saw ({@link GateState#DEGRADED}).
 *
 * <p>Exits go through {@link ExitPath}: recorded, never refused, nothing asked of anyone.
 */
public final class Gate {
    private static final long SETTLE_NANOS = 500_000_000L;
    private static final int MAX_ASKS_IN_FLIGHT = 8;

    private final String gateId;
    private final GateSettings settings;
    private final Journal journal;
    private final GateOutputs out;
    private final Supplier<UUID> ids;
    private final ExitPath exits;

    private GateBook book;
    private MallStatus mall;
    private TurnstileStatus turnstile = new TurnstileStatus(true, false, true, false, false);
    private boolean journalBroken;

    // the lease (not persisted: a restarted gate's monotonic clock cannot time an old lease)
    private boolean leaseLive;
    private long leaseExpiresAt;
    private DecisionSource leaseSource = DecisionSource.FALLBACK;
    private int rights;
    private long usedAtAnswer;
    private long exitedAtAnswer;
    private String refusal;
    private long refusedAt;

    private final Map<UUID, InFlight> asks = new LinkedHashMap<>();
    private long lastAnswerAt;

    private record InFlight(GateLeaseAsk ask, long sentAt) {
    }

    private long armedAt;
    private boolean holding;
    private Boolean lamp;
    private GateState state;
    private String lastRejection;

    /**
     * @param ids mints lease and ask ids (UUIDv7 in production, seeded in simulations)
     */
    public Gate(String gateId, GateSettings settings, Journal journal, GateOutputs outputs, Supplier<UUID> ids) {
        this.gateId = gateId;
        this.settings = settings;
        this.journal = journal;
        this.out = outputs;
        this.ids = ids;
        this.exits = new ExitPath(journal, gateId);
        this.book = journal.book().orElseGet(() -> GateBook.fresh(ids.get()));
    }

    // ---- inputs ----

    /**
     * Starts from the journal: the lease of the last run is kept (its rights are not, a restarted gate cannot time
     * them; the next ask reports on it), and passages the turnstile counted while the controller was down are
     * journaled (an unlocked entry, if any, is settled against them).
     */
    public void start(long now, Optional<PassageCounters> counters, TurnstileStatus status) {
        turnstile = status;
        try {
            counters.ifPresent(this::reconcile);
            if (book.armed()) {
                armedAt = now; // the unlock may still be running: settle it only after a whole pulse from now
            }
        } catch (JournalException e) {
            journalFailed(e);
        }
        step(now);
    }

    private void reconcile(PassageCounters now) {
        if (book.entryCounter() < 0) {
            // with nothing to compare against, an entry left unlocked before the restart may have been used: it is
            // taken as used rather than unlocked again, which could let a second person in on the same right
            book = record("gate.state", payload("reason", "turnstile counters first read: entries " + now.entries()
                    + ", exits " + now.exits() + (book.armed() ? "; the entry left unlocked counts as used" : "")),
                    book.counters(now.entries(), now.exits()).armed(false));
            return;
        }
        PassageCounters seen = new PassageCounters(book.entryCounter(), book.exitCounter());
        long exitsWhileDown = now.exitsSince(seen);
        long entriesWhileDown = now.entriesSince(seen);
        boolean fire = duringFire();
        if (exitsWhileDown > 0) {
            book = exits.passed(book.counters(book.entryCounter(), now.exits()), mallId(), (int) exitsWhileDown, !fire,
                    fire ? "during a fire: not counted" : "counted by the turnstile while the controller was down");
        }
        if (entriesWhileDown > 0) {
            entries((int) entriesWhileDown, now.entries(), "counted by the turnstile while the controller was down");
        }
    }

    /**
     * The hub's retained view of the mall. A recount the gate did not know of is journaled with the exits counted so
     * far, before anything else: those may predate it, and every report on the lease says so from now on.
     */
    public void mallStatus(MallStatus status, long now) {
        boolean changed = mall == null || status.epoch() != mall.epoch() || status.mode() != mall.mode()
                || status.capacity() != mall.capacity() || status.countKnown() != mall.countKnown();
        mall = status;
        if (status.recounts() > book.recounts()) {
            // an unlocked entry's right was reported as used, so the recount may have wiped the person who is about to
            // pass: it is counted again (a right spent and one given back before the recount), so that the passage
            // stays counted and an unused unlock given back later takes off only what it added
            GateBook before = book.armed() ? book.spend(1).giveBack(1) : book;
            Map<String, Object> p = payload("recounts", status.recounts());
            p.put("pre_exited", before.exited());
            p.put("armed", book.armed());
            try {
                book = record("gate.recount", p, before.learnedRecount(status.recounts()));
                changed = true;
            } catch (JournalException e) {
                journalFailed(e); // the reports keep the older recount: every exit counts as before the new one
            }
        }
        if (changed && asks.isEmpty()) {
            ask(now); // report at once: a cut or a mode without entries comes back as a revoke
        }
        step(now);
    }

    public void turnstileStatus(TurnstileStatus status, long now) {
        turnstile = status;
        step(now);
    }

    /** The entry-passage sensor confirmed {@code n} people in. */
    public void entryPassed(int n, long now) {
        try {
            entries(n, book.entryCounter() < 0 ? -1 : (book.entryCounter() + n) % PassageCounters.WRAP, "sensor");
        } catch (JournalException e) {
            journalFailed(e);
        }
        step(now);
    }

    /**
     * The exit-passage sensor confirmed {@code n} people out: journaled and credited, nothing else — no ask, no
     * unlock; the next {@link #tick} puts the rights to use.
     */
    public void exitPassed(int n) {
        boolean counted = !duringFire();
        try {
            long counter = book.exitCounter() < 0 ? -1 : (book.exitCounter() + n) % PassageCounters.WRAP;
            book = exits.passed(book.counters(book.entryCounter(), counter), mallId(), n, counted,
                    counted ? "sensor" : "during a fire: not counted");
            if (counted) {
                rights += n;
            }
        } catch (JournalException e) {
            journalFailed(e);
        }
    }

    /** The hub answered an ask. Answers to asks this gate no longer waits for are ignored. */
    public void grant(GateLeaseGrant grant, long now) {
        InFlight inFlight = asks.remove(grant.askId());
        if (inFlight == null) {
            return;
        }
        lastAnswerAt = now;
        // an answer settles every older ask: the hub answers in order, so theirs were lost or are stale
        for (Iterator<InFlight> it = asks.values().iterator(); it.hasNext(); ) {
            if (it.next().sentAt() - inFlight.sentAt() <= 0) {
                it.remove();
            }
        }
        GateLeaseAsk ask = inFlight.ask();
        if (ask.leaseId().equals(book.leaseId())) {
            usedAtAnswer = ask.used();
            exitedAtAnswer = ask.exited();
            if (grant.granted()) {
                leaseLive = true;
                leaseExpiresAt = inFlight.sentAt() + grant.ttlMs() * 1_000_000L;
                leaseSource = grant.source();
                rights = (int) Math.max(0, grant.tokens() - (book.used() - ask.used()) + (book.exited() - ask.exited()));
                refusal = null;
                if (grant.revoked() > 0) {
                    Logger.info("gate {}: hub revoked {} rights ({}); holds {}", gateId, grant.revoked(), grant.reason(), rights);
                }
            } else {
                // no rights from the hub: only what exits gave back since this report stays; ask again later
                refusal = grant.reason();
                refusedAt = now;
                leaseLive = false;
                rights = (int) Math.max(0, (book.exited() - ask.exited()) - (book.used() - ask.used()));
            }
        }
        step(now);
    }

    /** Time passed: leases expire, asks are sent again, unused unlocks are settled. Call it often (every 50 ms). */
    public void tick(long now) {
        step(now);
    }

    // ---- the step ----

    private void step(long now) {
        if (leaseLive && now - leaseExpiresAt >= 0) {
            Logger.info("gate {}: lease {} ran out on the gate's clock", gateId, book.leaseId());
            leaseEnded();
        }
        asks.values().removeIf(f -> now - f.sentAt() > settings.hubSilence().toNanos() * 4);
        GateState next = decideState(now);
        if (next != state) {
            changeState(next, now);
        }
        if (state == GateState.FIRE_OPEN) {
            return;
        }
        settleArmed(now);
        admit(now);
        upkeep(now);
        lamp(rights == 0 && !book.armed() || !admitting());
    }

    private GateState decideState(long now) {
        if (turnstile.fireAlarm() || mall != null && mall.mode() == MallStatus.Mode.FIRE) {
            return GateState.FIRE_OPEN;
        }
        if (mall == null || journalBroken || !turnstile.answering() || !turnstile.ready() || awaitingRecount()) {
            return GateState.PESSIMISTIC_REJECT;
        }
        if (hubReachable(now)) {
            return GateState.NORMAL;
        }
        return leaseLive ? GateState.LEASED : GateState.DEGRADED;
    }

    private boolean awaitingRecount() {
        return book.recountsAtFire() >= 0 && !(mall.countKnown() && mall.recounts() > book.recountsAtFire());
    }

    private boolean hubReachable(long now) {
        for (InFlight f : asks.values()) {
            if (now - f.sentAt() > settings.hubSilence().toNanos()) {
                return false;
            }
        }
        return true;
    }

    private void changeState(GateState next, long now) {
        GateState from = state;
        state = next;
        try {
            if (next == GateState.FIRE_OPEN) {
                out.holdOpen(true);
                holding = true;
                // passages are uncounted from now on: an unlocked entry's right is taken as used, and entries wait
                // for a recount once the fire is over
                book = record("gate.state", stateChange(from, next, turnstile.fireAlarm() ? "fire loop open" : "mall in FIRE mode"),
                        book.recountsAtFire(mall == null ? 0 : mall.recounts()).armed(false));
                rights = 0; // passages during a fire are not counted: what the gate held is spoken for
                leaseLive = false;
            } else {
                if (holding) {
                    out.holdOpen(false);
                    holding = false;
                }
                if (from == GateState.FIRE_OPEN) {
                    // the turnstile counted people during the fire; start counting afresh from here
                    book = book.counters(-1, -1);
                }
                book = record("gate.state", stateChange(from, next, reasonFor(next, now)), book);
            }
        } catch (JournalException e) {
            journalFailed(e);
        }
        Logger.info("gate {}: {} -> {}", gateId, from, next);
    }

    private String reasonFor(GateState next, long now) {
        return switch (next) {
            case NORMAL -> "in touch with the hub";
            case LEASED -> "hub silent; admitting from the lease";
            case DEGRADED -> "no hub and no lease; admitting one per exit seen";
            case PESSIMISTIC_REJECT -> rejection(now);
            case FIRE_OPEN -> "fire";
        };
    }

    // ---- entries ----

    private boolean admitting() {
        return switch (state) {
            case NORMAL, LEASED, DEGRADED -> mall.admits();
            case PESSIMISTIC_REJECT, FIRE_OPEN -> false;
        };
    }

    private void admit(long now) {
        if (book.armed()) {
            return;
        }
        if (!admitting() || rights <= 0) {
            reject(now);
            return;
        }
        DecisionSource source = leaseLive ? leaseSource : DecisionSource.FALLBACK;
        Map<String, Object> p = payload("source", source.name());
        p.put("lease_id", book.leaseId().toString());
        p.put("state", state.name());
        try {
            book = record("gate.admit", p, book.spend(1).armed(true));
        } catch (JournalException e) {
            journalFailed(e);
            return;
        }
        rights--;
        lastRejection = null;
        armedAt = now;
        out.unlockEntry();
    }

    private void reject(long now) {
        String why = rejection(now);
        if (why.equals(lastRejection)) {
            return;
        }
        lastRejection = why;
        Map<String, Object> p = payload("source", rejectionSource().name());
        p.put("reason", why);
        p.put("state", state.name());
        try {
            book = record("gate.reject", p, book);
        } catch (JournalException e) {
            journalFailed(e);
        }
    }

    private String rejection(long now) {
        if (mall == null) {
            return "no mall status from the hub yet";
        }
        if (journalBroken) {
            return "journal cannot be written";
        }
        if (!turnstile.answering()) {
            return "turnstile does not answer";
        }
        if (!turnstile.ready()) {
            return "turnstile reports a fault";
        }
        if (awaitingRecount()) {
            return "count UNKNOWN after a fire: waiting for a recount";
        }
        if (!mall.admits()) {
            return "mall " + mall.mode() + (mall.countKnown() ? "" : ", count UNKNOWN");
        }
        if (refusal != null) {
            return "hub refused: " + refusal;
        }
        return state == GateState.DEGRADED ? "no lease, no hub: waiting for an exit" : "no rights left";
    }

    private DecisionSource rejectionSource() {
        if (mall != null && (!mall.admits() || refusal != null) && !journalBroken && turnstile.answering()) {
            return DecisionSource.CENTRAL;
        }
        return DecisionSource.FALLBACK;
    }

    private void entries(int n, long counter, String how) {
        int planned = book.armed() ? 1 : 0;
        int unplanned = n - planned;
        boolean fire = duringFire();
        Map<String, Object> p = payload("count", n);
        p.put("armed", planned == 1);
        p.put("counted", !fire);
        p.put("how", fire ? "during a fire: not counted" : how);
        GateBook after = book.armed(false).counters(counter, book.exitCounter());
        if (unplanned > 0 && !fire) {
            // someone passed without a right (manual release, a second person): they are inside all the same
            after = after.spend(unplanned);
            Logger.warn("gate {}: {} entries without a right ({}); counted as used", gateId, unplanned, how);
        }
        book = record("gate.entry", p, after);
        rights = Math.max(0, rights - (fire ? 0 : unplanned));
    }

    /**
     * Passages now are uncounted: the gate is FIRE_OPEN, or, at a start before its state is known, the fire loop is
     * open (a gate restarted during a fire must not count as admissions the passages its turnstile counted meanwhile).
     */
    private boolean duringFire() {
        return state == GateState.FIRE_OPEN || turnstile.fireAlarm();
    }

    /** An unlocked entry nobody used: unlock it again, or give its right back once entries have stopped. */
    private void settleArmed(long now) {
        if (!book.armed() || now - armedAt < settings.pulse().toNanos() + SETTLE_NANOS) {
            return;
        }
        if (admitting()) {
            armedAt = now;
            out.unlockEntry();
            return;
        }
        Map<String, Object> p = payload("reason", "entry relocked unused: " + rejection(now));
        try {
            book = record("gate.return", p, book.armed(false).giveBack(1));
            rights++;
        } catch (JournalException e) {
            journalFailed(e);
        }
    }

    // ---- the lease ----

    /** The lease ran out: keep only what exits gave back since the hub last counted; the hub counts the rest as used. */
    private void leaseEnded() {
        long credits = (book.exited() - exitedAtAnswer) - (book.used() - usedAtAnswer);
        rights = (int) Math.max(0, Math.min(rights, credits));
        leaseLive = false;
    }

    private void upkeep(long now) {
        if (!asks.isEmpty()) {
            InFlight newest = null;
            for (InFlight f : asks.values()) {
                newest = f;
            }
            if (now - newest.sentAt() < settings.askTimeout().toNanos()) {
                return;
            }
        }
        if (refusal != null && now - refusedAt < settings.askTimeout().toNanos()) {
            return;
        }
        boolean wantLease = mall != null && mall.admits() && !awaitingRecount();
        boolean paused = now - lastAnswerAt < settings.askTimeout().toNanos(); // low water: at most one ask per timeout
        if (leaseLive && (rights <= settings.lowWater() && !paused || renewDue(now)) || !leaseLive && wantLease
                || !asks.isEmpty()) {
            ask(now);
        }
    }

    private boolean renewDue(long now) {
        return leaseExpiresAt - now < settings.hubSilence().toNanos() * 3;
    }

    private void ask(long now) {
        if (asks.size() >= MAX_ASKS_IN_FLIGHT) {
            return;
        }
        int want = admitting() ? settings.leaseSize() : 0;
        if (rights > want) {
            // what the gate asks to hold is what it holds from now: the hub may lend the rest to another gate as soon
            // as it reads this ask, so the gate gives it up before sending it
            rights = want;
        }
        GateLeaseAsk ask = new GateLeaseAsk(gateId, ids.get(), book.leaseId(), want, rights, book.used(), book.exited(),
                book.recounts(), book.preExited());
        asks.put(ask.askId(), new InFlight(ask, now));
        out.send(ask);
    }

    // ---- helpers ----

    private void lamp(boolean full) {
        if (lamp == null || lamp != full) {
            lamp = full;
            out.fullLamp(full);
        }
    }

    private void journalFailed(JournalException e) {
        if (!journalBroken) {
            Logger.error(e, "gate {}: journal failed; refusing entries (exits stay free)", gateId);
        }
        journalBroken = true;
    }

    private GateBook record(String type, Map<String, Object> payload, GateBook after) {
        journal.append(type, Json.toTree(payload), after);
        journalBroken = false;
        return journal.book().orElseThrow();
    }

    private Map<String, Object> payload(String key, Object value) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("mall_id", mallId());
        p.put("gate_id", gateId);
        p.put(key, value);
        return p;
    }

    private Map<String, Object> stateChange(GateState from, GateState to, String reason) {
        Map<String, Object> p = payload("from", from == null ? "START" : from.name());
        p.put("to", to.name());
        p.put("reason", reason);
        return p;
    }

    private String mallId() {
        return mall == null ? "unknown" : mall.mallId();
    }

    // ---- what it knows, for /status and tests ----

    public GateState state() {
        return state;
    }

    /** Unspent rights the gate holds (not counting the one an unlocked entry is waiting to use). */
    public int rights() {
        return rights;
    }

    public boolean armed() {
        return book.armed();
    }

    public GateBook book() {
        return book;
    }

    public boolean leaseLive() {
        return leaseLive;
    }
}
