package dev.outpost.appliance.gates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.lease.LeaseAcquire;
import dev.outpost.api.lease.LeaseGrant;
import dev.outpost.api.lease.LeaseRenew;
import dev.outpost.api.lease.MallState;
import dev.outpost.site.message.GateLeaseAsk;
import dev.outpost.site.message.GateLeaseGrant;
import dev.outpost.site.message.MallStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The hub's split of gate exits around operator recounts, driven one event at a time on a virtual clock. */
class GateHubTest {
    static final long S = 1_000_000_000L;
    final List<Object> toRelay = new ArrayList<>();
    final List<MallStatus> published = new ArrayList<>();
    final List<GateLeaseGrant> grants = new ArrayList<>();
    final GateHub hub = new GateHub("site-1", "mall-1", new HubSettings(20, 3, Duration.ofSeconds(60), Duration.ofSeconds(5),
            Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(500)), new HubOutputs() {
                @Override
                public void grant(String gate, GateLeaseGrant grant) {
                    grants.add(grant);
                }

                @Override
                public void publish(MallStatus status) {
                    published.add(status);
                }

                @Override
                public void relay(Object request) {
                    toRelay.add(request);
                }
            }, UUID::randomUUID, InstantSource.fixed(Instant.EPOCH));
    long now = 1;
    long version;
    final UUID lease1 = UUID.randomUUID();
    final UUID lease2 = UUID.randomUUID();

    void mall(long recounts) {
        hub.relayMall(new MallState("mall-1", 100, "NORMAL", "KNOWN", recounts, ++version, Instant.EPOCH), now);
    }

    /** Answers the request in flight with {@code tokens} for the block. */
    <T> T answer(Class<T> type, int tokens) {
        Object request = toRelay.getLast();
        T asked = type.cast(request);
        UUID lease = asked instanceof LeaseRenew renew ? renew.leaseId() : UUID.randomUUID();
        UUID key = asked instanceof LeaseRenew renew ? renew.idempotencyKey() : ((LeaseAcquire) asked).idempotencyKey();
        hub.relayGranted(new LeaseGrant(key, lease, "mall-1", "site-1", tokens, 0, Duration.ofSeconds(60)), now);
        return asked;
    }

    void ask(String gate, UUID lease, int want, int held, long used, long exited, long recounts, long pre) {
        hub.gateAsk(new GateLeaseAsk(gate, UUID.randomUUID(), lease, want, held, used, exited, recounts, pre), now);
    }

    /** Lets time pass until the hub reports to the relay; returns that report. */
    LeaseRenew nextRenew() {
        int before = toRelay.size();
        for (int i = 0; i < 100 && toRelay.size() == before; i++) {
            now += S / 10;
            hub.tick(now);
        }
        return (LeaseRenew) toRelay.getLast();
    }

    @Test
    void exitsAGateSawBeforeItKnewOfTheRecountAreReportedAsSuchAndTheirRightsWaitForTheRelay() {
        mall(0);
        hub.tick(now);
        assertEquals(0, answer(LeaseAcquire.class, 20).recounts());
        ask("gate-1", lease1, 5, 0, 0, 0, 0, 0);
        ask("gate-2", lease2, 5, 0, 0, 0, 0, 0);
        assertEquals(10, hub.view().pool());
        // gate-1: 3 in, 2 out, before any recount: ordinary exits
        ask("gate-1", lease1, 5, 4, 3, 2, 0, 0);
        LeaseRenew first = nextRenew();
        assertEquals(List.of(3, 2, 0L, 0), List.of(first.used(), first.exited(), first.recounts(), first.preExited()));
        answer(LeaseRenew.class, 20);

        mall(1); // an operator recounted
        assertEquals(1, published.getLast().recounts(), "the gates hear of the relay's recounts");
        LeaseRenew settle = (LeaseRenew) toRelay.getLast();
        assertEquals(List.of(3, 2, 1L, 2), List.of(settle.used(), settle.exited(), settle.recounts(), settle.preExited()),
                "the hub reports against the recount at once, every exit it knew of as before it");
        answer(LeaseRenew.class, 20);
        long pool = hub.view().pool();
        // gate-2 has not heard of it yet: all 4 of its exits may predate it; their rights wait for the relay
        ask("gate-2", lease2, 5, 5, 0, 4, 0, 0);
        assertEquals(pool, hub.view().pool(), "rights of exits that may predate the recount stay out of the pool");
        // gate-1 learned of it after its 2 exits, then saw 1 more: that one is after the recount
        ask("gate-1", lease1, 5, 5, 3, 3, 1, 2);
        assertEquals(pool + 1, hub.view().pool());
        LeaseRenew second = nextRenew();
        assertEquals(List.of(3, 7, 1L, 6), List.of(second.used(), second.exited(), second.recounts(), second.preExited()),
                "block-relative: the 2 reported before the hub knew, the 4 of gate-2; gate-1's third exit is after");
        answer(LeaseRenew.class, 24); // the relay gave the 4 back, room permitting
        assertEquals(24 - 10, hub.view().pool());

        // gate-2 hears of the recount after 1 more exit: 5 of its exits predate it, 1 is new and still pre
        ask("gate-2", lease2, 5, 5, 0, 6, 1, 5);
        LeaseRenew third = nextRenew();
        assertEquals(List.of(9, 7), List.of(third.exited(), third.preExited()));
    }

    @Test
    void theRecountsTheGatesSeeAreTheRelaysAndANewOneClearsAGatesFire() {
        mall(4); // a hub that starts on a mall recounted four times says so, and gates waiting since a fire keep waiting
        assertEquals(4, published.getLast().recounts());
        assertTrue(published.getLast().countKnown());
        hub.gateFire("gate-1", now);
        assertFalse(published.getLast().countKnown());
        mall(4); // the same state again: still waiting for a recount
        assertFalse(published.getLast().countKnown());
        mall(5);
        assertTrue(published.getLast().countKnown());
        assertEquals(5, published.getLast().recounts());
    }
}
