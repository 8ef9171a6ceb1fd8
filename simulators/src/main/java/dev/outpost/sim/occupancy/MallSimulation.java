package dev.outpost.sim.occupancy;

import dev.outpost.api.event.EventEnvelope;
import dev.outpost.api.lease.LeaseAcquire;
import dev.outpost.api.lease.LeaseGrant;
import dev.outpost.api.lease.LeaseRelease;
import dev.outpost.api.lease.LeaseRenew;
import dev.outpost.appliance.gates.GateHub;
import dev.outpost.appliance.gates.HubOutputs;
import dev.outpost.appliance.gates.HubSettings;
import dev.outpost.gate.admission.Gate;
import dev.outpost.gate.admission.GateOutputs;
import dev.outpost.gate.admission.GateSettings;
import dev.outpost.gate.admission.GateState;
import dev.outpost.hal.turnstile.PassageCounters;
import dev.outpost.hal.turnstile.TurnstileStatus;
import dev.outpost.site.message.GateLeaseAsk;
import dev.outpost.site.message.GateLeaseGrant;
import dev.outpost.site.message.MallStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * One seeded, deterministic run of a mall in virtual time: the real {@link Gate} and {@link GateHub} state machines,
 * the relay's ledger arithmetic ({@link RelayModel}), turnstiles and a crowd, a LAN and a WAN with latency — and
 * faults: WAN and LAN partitions, gate crashes and restarts, clock drift, capacity cuts, EVACUATE, fire. After every
 * event it checks that the people truly inside never exceed the capacity (plus the over-admission bound a cut
 * reports) and that an exit never waited on anything; at the end, once everything is healed and quiet, that
 * inside + rights at the gates + the site pool + the relay's free rights = capacity exactly.
 *
 * <p>The same seed always makes the same run: every choice comes from one {@link SplittableRandom}.
 */
public final class MallSimulation {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;

    /** What a run found; {@code failure} is empty when every check held. */
    public record Outcome(long seed, Optional<String> failure, long admitted, long exited, long maxInside, long capacity,
                          long events) {
    }

    private final long seed;
    private final SplittableRandom random;
    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private long now;
    private long sequence;
    private long events;

    private final RelayModel relay;
    private final GateHub hub;
    private final SimGate[] gates;
    private long inside;
    private long admitted;
    private long exitedTotal;
    private long maxInside;
    private boolean wanCut;
    private boolean fireSeen;
    private boolean uncountedSinceRecount;
    private long fireClearedAt = Long.MIN_VALUE;
    /**
     * What a mid-run recount cannot see: rights the site holds for exits (less admissions) the relay had not heard of
     * when the operator counted, plus rights on their way to a holder. The recount sets the count to the truth, so until
     * the site reports them those rights are in no book of the relay's and may be spent while the relay lends the same
     * capacity again — the recount's own over-admission bound, like a cut's. Once the site has reported, the books must
     * balance again (the final check).
     */
    private long recountSlack;
    private long grantsInFlight;
    private String failure;

    private record Event(long at, long seq, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
        }
    }

    /** One gate with its turnstile, its journal (its disk) and its clock. */
    private final class SimGate {
        final String id;
        final double drift;
        final MemoryJournal journal;
        Gate gate;
        boolean up = true;
        boolean lanCut;
        boolean unlockedUntilSet;
        long unlockedUntil;
        boolean fireLoop;
        long entryCounter;
        long exitCounter;
        int queueing;

        SimGate(String id, double drift) {
            this.id = id;
            this.drift = drift;
            this.journal = new MemoryJournal("site-1", id, e -> journaled(this, e));
        }

        long clock() {
            return (long) (now * (1 + drift)) + 1_000 * S;
        }

        void boot() {
            gate = new Gate(id, new GateSettings(4, 1, Duration.ofMillis(500), Duration.ofMillis(1500), Duration.ofSeconds(3)),
                    journal, outputs(this), () -> new UUID(0x7000L | (random.nextLong() & ~0xF000L), random.nextLong()));
            up = true;
            gate.start(clock(), Optional.of(new PassageCounters(entryCounter % PassageCounters.WRAP,
                    exitCounter % PassageCounters.WRAP)), status());
        }

        TurnstileStatus status() {
            return new TurnstileStatus(true, fireLoop, true, false, false);
        }

        boolean entryOpen() {
            return fireLoop || unlockedUntilSet && now < unlockedUntil;
        }
    }

    public MallSimulation(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        long capacity = 20 + random.nextInt(200);
        relay = new RelayModel("mall-1", capacity, Duration.ofSeconds(5));
        HubSettings hubSettings = new HubSettings(10 + random.nextInt(30), 3, Duration.ofSeconds(20 + random.nextInt(60)),
                Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(500),
                Duration.ofMillis(500));
        hub = new GateHub("site-1", "mall-1", hubSettings, hubOutputs(), () -> new UUID(random.nextLong(), random.nextLong()),
                InstantSource.fixed(Instant.EPOCH));
        gates = new SimGate[2 + random.nextInt(4)];
        for (int i = 0; i < gates.length; i++) {
            gates[i] = new SimGate("gate-" + i, (random.nextDouble() - 0.5) * 0.02);
        }
    }

    /** Runs the scenario: two minutes of traffic and faults, then a minute healed and quiet, then the final check. */
    public Outcome run() {
        for (SimGate g : gates) {
            g.boot();
        }
        at(0, this::pollMall);
        every(100 * MS, () -> hub.tick(now));
        for (SimGate g : gates) {
            every(50 * MS, () -> {
                if (g.up) {
                    g.gate.tick(g.clock());
                }
            });
            arrivals(g);
        }
        planFaults();
        long trafficEnd = 120 * S;
        while (!queue.isEmpty() && failure == null && queue.peek().at <= trafficEnd + 90 * S) {
            runNext();
            check();
        }
        if (failure == null) {
            finalCheck();
        }
        return new Outcome(seed, Optional.ofNullable(failure), admitted, exitedTotal, maxInside, relay.capacity, events);
    }

    // ---- the crowd ----

    private boolean traffic() {
        return now < 120 * S;
    }

    private void arrivals(SimGate g) {
        double perSecond = 0.5 + random.nextDouble() * 3;
        nextArrival(g, perSecond);
    }

    private void nextArrival(SimGate g, double perSecond) {
        long gap = (long) (-Math.log(1 - random.nextDouble()) / perSecond * S);
        at(now + gap, () -> {
            if (!traffic()) {
                g.queueing = 0; // the doors close: whoever still waits goes home
                return;
            }
            g.queueing = Math.min(g.queueing + 1, 30);
            tryEnter(g);
            nextArrival(g, perSecond);
        });
    }

    private void tryEnter(SimGate g) {
        if (g.queueing == 0 || !g.entryOpen()) {
            return;
        }
        g.queueing--;
        g.unlockedUntilSet = false;
        g.entryCounter++;
        inside++;
        admitted++;
        maxInside = Math.max(maxInside, inside);
        trace("entry " + g.id + " inside=" + inside + " relay count=" + relay.count + " leased=" + relay.leasedOut
                + " hub=" + hub.view());
        if (!uncountedSinceRecount) {
            checkCapacity("an entry at " + g.id);
        }
        long dwell = (long) ((5 + random.nextDouble() * 60) * S);
        at(now + dwell, this::leave);
        if (g.up) {
            g.gate.entryPassed(1, g.clock());
        }
        if (g.fireLoop && g.queueing > 0) {
            at(now + 300 * MS, () -> tryEnter(g));
        }
    }

    private void leave() {
        SimGate g = gates[random.nextInt(gates.length)];
        inside--;
        exitedTotal++;
        g.exitCounter++;
        if (g.up) {
            int before = sent;
            g.gate.exitPassed(1);
            if (sent != before) {
                fail("the exit at " + g.id + " sent something to the hub: the exit path must not touch the network");
            }
        }
    }

    // ---- gates and hub wiring ----

    private int sent;

    private GateOutputs outputs(SimGate g) {
        return new GateOutputs() {
            @Override
            public void unlockEntry() {
                g.unlockedUntilSet = true;
                g.unlockedUntil = now + 3 * S;
                at(now + 1 * MS + random.nextInt(200) * MS, () -> tryEnter(g));
            }

            @Override
            public void holdOpen(boolean open) {
                // the fire loop holds the turnstile open in hardware; the software side is a second belt
            }

            @Override
            public void fullLamp(boolean on) {
                // a lamp
            }

            @Override
            public void send(GateLeaseAsk ask) {
                trace(g.id + " asks " + ask);
                sent++;
                lan(g, () -> hub.gateAsk(ask, now));
            }
        };
    }

    private void journaled(SimGate g, EventEnvelope e) {
        trace(g.id + " journal " + e.type() + " " + e.payload() + " rights=" + (g.gate == null ? -1 : g.gate.rights()));
        if (e.type().equals("gate.state") && "FIRE_OPEN".equals(e.payload().path("to").asText())) {
            lan(g, () -> hub.gateFire(g.id, now));
        }
    }

    private HubOutputs hubOutputs() {
        return new HubOutputs() {
            @Override
            public void grant(String gate, GateLeaseGrant grant) {
                SimGate g = gate(gate);
                trace("hub -> " + gate + " " + grant);
                revoked |= grant.revoked() > 0;
                lan(g, () -> {
                    if (g.up) {
                        g.gate.grant(grant, g.clock());
                    }
                }, grant.tokens());
            }

            @Override
            public void publish(MallStatus status) {
                for (SimGate g : gates) {
                    // retained: a gate that is down or cut off gets it when it is back (see restart and heal)
                    lan(g, () -> {
                        if (g.up) {
                            g.gate.mallStatus(status, g.clock());
                        }
                    });
                }
            }

            @Override
            public void relay(Object request) {
                wan(request);
            }
        };
    }

    private SimGate gate(String id) {
        for (SimGate g : gates) {
            if (g.id.equals(id)) {
                return g;
            }
        }
        throw new IllegalStateException(id);
    }

    private void lan(SimGate g, Runnable delivery) {
        lan(g, delivery, 0);
    }

    /** A LAN message; {@code rights} is how many rights it may hand its receiver (counted while it is on its way). */
    private void lan(SimGate g, Runnable delivery, long rights) {
        if (g.lanCut) {
            return;
        }
        messagesInFlight++;
        grantsInFlight += rights;
        at(now + 1 * MS + random.nextInt(10) * MS, () -> {
            messagesInFlight--;
            grantsInFlight -= rights;
            if (!g.lanCut) {
                delivery.run();
            }
        });
    }

    private void wan(Object request) {
        long latency = 20 * MS + random.nextInt(150) * MS;
        if (wanCut) {
            return; // lost: the hub times out
        }
        messagesInFlight++;
        at(now + latency, () -> {
            messagesInFlight--;
            if (wanCut) {
                return;
            }
            Runnable answer;
            long rights = 0;
            try {
                answer = switch (request) {
                    case LeaseAcquire a -> {
                        LeaseGrant g = relay.acquire(a, now);
                        rights = g.tokens();
                        yield () -> hub.relayGranted(g, now);
                    }
                    case LeaseRenew r -> {
                        LeaseGrant g = relay.renew(r, now);
                        revoked |= g.revoked() > 0;
                        rights = g.tokens();
                        yield () -> hub.relayGranted(g, now);
                    }
                    case LeaseRelease r -> {
                        relay.release(r, now);
                        yield () -> hub.relaySettled(now);
                    }
                    default -> throw new IllegalStateException("unexpected relay request " + request);
                };
            } catch (RelayModel.Refused refused) {
                answer = () -> hub.relayRefused(refused.getMessage(), now);
            }
            Runnable deliver = answer;
            trace("relay got " + request + " -> count " + relay.count + " leased " + relay.leasedOut);
            long carried = rights;
            messagesInFlight++;
            grantsInFlight += carried;
            at(now + latency, () -> {
                messagesInFlight--;
                grantsInFlight -= carried;
                if (!wanCut) {
                    deliver.run();
                }
            });
        });
    }

    private long lastVersion = -1;
    private int messagesInFlight;
    /**
     * Whether the relay or the hub has taken rights back: a gate may spend a right before the revoke reaches it
     * (the cut's over-admission bound), so conservation is checked step by step only in runs without one.
     */
    private boolean revoked;

    /** The hub's long-poll of the mall state: answered within ~100 ms of a change while the WAN is up. */
    private void pollMall() {
        if (!wanCut) {
            relay.reclaimExpired(now);
            if (relay.version != lastVersion) {
                lastVersion = relay.version;
                var state = relay.mallState();
                at(now + 30 * MS + random.nextInt(100) * MS, () -> {
                    if (!wanCut) {
                        hub.relayMall(state, now);
                    }
                });
            }
        }
        at(now + 100 * MS, this::pollMall);
    }

    // ---- faults ----

    private void planFaults() {
        int faults = random.nextInt(6);
        for (int i = 0; i < faults; i++) {
            long t = (long) (random.nextDouble() * 100 * S);
            long length = (long) ((1 + random.nextDouble() * 40) * S);
            switch (random.nextInt(6)) {
                case 0 -> window(t, length, () -> wanCut = true, () -> wanCut = false);
                case 1 -> {
                    SimGate g = gates[random.nextInt(gates.length)];
                    window(t, length, () -> g.lanCut = true, () -> heal(g));
                }
                case 2 -> {
                    SimGate g = gates[random.nextInt(gates.length)];
                    window(t, length / 4, () -> g.up = false, () -> restart(g));
                }
                case 3 -> at(t, () -> relay.changeCapacity(Math.max(inside, relay.capacity * (50 + random.nextInt(50)) / 100)));
                case 4 -> window(t, length, () -> relay.setMode("EVACUATE"), () -> {
                    if (relay.mode.equals("EVACUATE")) {
                        relay.setMode("NORMAL");
                    }
                });
                default -> {
                    if (!fireSeen) {
                        fireSeen = true;
                        SimGate g = gates[random.nextInt(gates.length)];
                        window(t, length, () -> fire(g, true), () -> fire(g, false));
                    }
                }
            }
        }
        // an operator recounts while people come and go, partitions and all (and after a fire, once it is over); drawn
        // from a stream of its own, so a seed without recounts runs as it did before they were simulated
        SplittableRandom operator = new SplittableRandom(seed ^ 0x5EC0_0A7L);
        if (operator.nextInt(3) == 0) {
            int recounts = 1 + operator.nextInt(3);
            for (int i = 0; i < recounts; i++) {
                at((long) ((5 + operator.nextDouble() * 110) * S), this::operatorRecount);
            }
        }
    }

    /**
     * The operator counts the people inside and the relay takes that as the count. With a gate's fire loop open (or
     * just closed) passages are not counted, so the operator waits for the fire to be over.
     */
    private void operatorRecount() {
        boolean fireOn = false;
        for (SimGate g : gates) {
            fireOn |= g.fireLoop;
        }
        if (fireOn || now - fireClearedAt < 5 * S) {
            at(now + 1 * S, this::operatorRecount);
            return;
        }
        relay.recount(inside);
        uncountedSinceRecount = false;
        recountSlack = Math.max(recountSlack, Math.max(0, siteSide() + grantsInFlight - relay.count - relay.leasedOut));
        trace("RECOUNT inside=" + inside + " slack=" + recountSlack + " hub=" + hub.view());
    }

    /**
     * What the site has admitted or may still admit: inside + rights at the gates + the site pool (a pool below zero,
     * rights the hub owes after a revoke, offsets nothing the gates hold: the relay's answer may reset it at once),
     * with the unlocked entry a gate that is down keeps in its journal (it unlocks again when the gate is back).
     */
    private long siteSide() {
        long atGates = 0;
        for (SimGate g : gates) {
            atGates += (g.up ? g.gate.rights() : 0) + (g.gate.armed() ? 1 : 0);
        }
        return inside + atGates + Math.max(0, hub.view().pool());
    }

    private void fire(SimGate g, boolean alarm) {
        g.fireLoop = alarm;
        if (!alarm) {
            fireClearedAt = now;
        }
        // people walk through a gate held open by the fire loop uncounted: the true count is unknown to everyone
        // until an operator recounts, so capacity is checked again only from then
        uncountedSinceRecount |= alarm;
        if (alarm) {
            relay.setMode("FIRE"); // the fire panel tells the safety officer, who sets FIRE
        }
        if (g.up) {
            g.gate.turnstileStatus(g.status(), g.clock());
        }
        if (alarm && g.queueing > 0) {
            tryEnter(g);
        }
    }

    private void heal(SimGate g) {
        g.lanCut = false;
        republish(g); // the broker hands the retained status to a client that reconnects
    }

    private void restart(SimGate g) {
        g.boot();
        republish(g);
    }

    private void republish(SimGate g) {
        MallStatus status = hub.view().status();
        if (status != null) {
            lan(g, () -> {
                if (g.up) {
                    g.gate.mallStatus(status, g.clock());
                }
            });
        }
    }

    private void window(long start, long length, Runnable begin, Runnable end) {
        at(start, begin);
        at(start + length, end);
    }

    // ---- checks ----

    private void check() {
        if (inside < 0) {
            fail("inside went negative: the crowd model is broken");
        }
        if (!uncountedSinceRecount && !revoked) {
            // conservation, at every step: what the site has admitted or may still admit never exceeds what the
            // relay counts as inside or lent to it (rights in flight only make the left side smaller)
            long atGates = 0;
            for (SimGate g : gates) {
                atGates += g.up ? g.gate.rights() + (g.gate.armed() ? 1 : 0) : 0;
            }
            long pool = hub.view().pool();
            if (TRACE && inside + atGates + pool - relay.count - relay.leasedOut != lastSlack) {
                lastSlack = inside + atGates + pool - relay.count - relay.leasedOut;
                StringBuilder per = new StringBuilder();
                for (SimGate g : gates) {
                    per.append(' ').append(g.id).append('=').append(g.up ? g.gate.rights() + (g.gate.armed() ? 1 : 0) : 0);
                }
                trace("SLACK " + lastSlack + " inside=" + inside + " pool=" + pool + per);
            }
            if (inside + atGates + pool > relay.count + relay.leasedOut + recountSlack) {
                fail("inside " + inside + " + rights at gates " + atGates + " + site pool " + pool + " > relay count "
                        + relay.count + " + leased out " + relay.leasedOut
                        + (recountSlack > 0 ? " + what a mid-run recount could not see " + recountSlack : ""));
            }
        }
    }

    private long lastSlack;

    private void checkCapacity(String what) {
        long limit = relay.capacity + relay.overBound + recountSlack;
        if (inside > limit) {
            fail(what + " made " + inside + " inside, over capacity " + relay.capacity + " (+ over-admission bound "
                    + relay.overBound + (recountSlack > 0 ? ", + what a mid-run recount could not see " + recountSlack : "")
                    + ")");
        }
    }

    private void finalCheck() {
        if (fireSeen && relay.state.equals("UNKNOWN")) {
            // an operator recounts once everything has settled (unless one already did after the fire: recounting a
            // mall whose gates hold unlocked entries would count those rights as nobody, the recount's own bound)
            relay.recount(inside);
            uncountedSinceRecount = false;
            runQuiet(30 * S);
        }
        settle();
        long atGates = 0;
        for (SimGate g : gates) {
            atGates += g.gate.rights() + (g.gate.armed() ? 1 : 0);
        }
        GateHub.HubView view = hub.view();
        // the relay's free rights, negative while it counts more than the capacity (after a cut, or people whose exits
        // it has not heard of yet: their rights are held on site)
        long relayFree = relay.capacity - relay.count - relay.leasedOut;
        long total = inside + atGates + view.pool() + relayFree;
        // after a recount, activity the recount already saw may be counted again (an admission reported after it, an
        // exit the holder could not tell from one before it): capacity leaks, on the safe side, never the reverse
        if (relay.recounts > 0 ? total > relay.capacity : total != relay.capacity) {
            fail("once quiet: inside " + inside + " + rights at gates " + atGates + " + site pool " + view.pool()
                    + " + relay free " + relayFree + " = " + total + ", " + (relay.recounts > 0 ? "above" : "not")
                    + " the capacity " + relay.capacity
                    + " (relay count " + relay.count + ", leased out " + relay.leasedOut + ", hub " + view + ")");
        }
        for (SimGate g : gates) {
            if (g.gate.state() == GateState.FIRE_OPEN) {
                fail(g.id + " is still FIRE_OPEN after the fire was reset");
            }
        }
    }

    /**
     * Runs on until a moment when nothing is in flight on the LAN or the WAN: rights in a message are in no one's books
     * for that moment.
     */
    private void settle() {
        long deadline = now + 60 * S;
        boolean settled = false;
        while (!queue.isEmpty() && failure == null && now < deadline) {
            settled = messagesInFlight == 0;
            if (settled) {
                break;
            }
            runNext();
        }
        if (!settled && failure == null) {
            fail("never settled: " + messagesInFlight + " messages still in flight");
        }
    }

    private void runQuiet(long duration) {
        long end = now + duration;
        while (!queue.isEmpty() && queue.peek().at <= end && failure == null) {
            runNext();
        }
        now = end;
    }

    private void runNext() {
        Event e = queue.poll();
        now = e.at;
        events++;
        e.action.run();
    }

    private static final boolean TRACE = Boolean.getBoolean("outpost.sim.trace");

    private void trace(String line) {
        if (TRACE) {
            System.out.println(now / MS + " " + line);
        }
    }

    private void fail(String message) {
        if (failure == null) {
            failure = "seed " + seed + " at t=" + now / MS + " ms: " + message;
        }
    }

    // ---- the clock ----

    private void at(long when, Runnable action) {
        queue.add(new Event(when, sequence++, action));
    }

    private void every(long period, Runnable action) {
        at(now + period, () -> {
            action.run();
            if (now < 260 * S) {
                every(period, action);
            }
        });
    }
}
