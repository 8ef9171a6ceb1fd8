package dev.outpost.relay.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.event.EventBatchResult;
import dev.outpost.api.event.EventEnvelope;
import dev.outpost.api.event.Rejection;
import dev.outpost.api.event.StockLow;
import dev.outpost.api.json.Json;
import dev.outpost.relay.testing.RelayHarness;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /v1/sites/{site}/events} and its gap report, over HTTP, on the store of this run. */
@Tag("integration")
class InboxIT {
    @TempDir
    Path dir;
    RelayHarness relay;
    final Events events = new Events();

    @BeforeEach
    void start() {
        relay = RelayHarness.start(dir);
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    private EventBatchResult post(String site, String body) throws Exception {
        HttpResponse<String> reply = relay.send("POST", "/v1/sites/" + site + "/events", body);
        assertEquals(200, reply.statusCode(), reply.body());
        return Json.read(reply.body(), EventBatchResult.class);
    }

    private String refused(String site, String body) throws Exception {
        HttpResponse<String> reply = relay.send("POST", "/v1/sites/" + site + "/events", body);
        assertEquals(400, reply.statusCode(), reply.body());
        return Json.tree(reply.body()).path("error").asText();
    }

    private long stored() {
        return relay.relay().store().inTransaction("count", tx -> tx.queryLong("SELECT COUNT(*) FROM inbox_event"));
    }

    private SiteGaps gaps(String site) throws Exception {
        HttpResponse<String> reply = relay.send("GET", "/v1/sites/" + site + "/events/gaps", null);
        assertEquals(200, reply.statusCode(), reply.body());
        return Json.read(reply.body(), SiteGaps.class);
    }

    @Test
    void newEventsAreAcceptedAndARetriedBatchIsAllDuplicate() throws Exception {
        EventEnvelope a = events.event("store-1", "gate-1", 1);
        EventEnvelope b = events.event("store-1", "gate-1", 2);
        EventEnvelope c = events.event("store-1", "gate-1", 3);
        assertEquals(new EventBatchResult(List.of(a.eventId(), b.eventId(), c.eventId()), List.of(), List.of()),
                post("store-1", Events.json(a, b, c)));
        // the outbox resends after a lost reply: every event is a duplicate, nothing is stored twice
        assertEquals(new EventBatchResult(List.of(), List.of(a.eventId(), b.eventId(), c.eventId()), List.of()),
                post("store-1", Events.json(a, b, c)));
        assertEquals(3, stored());
    }

    @Test
    void anEventTwiceInOneBatchIsStoredOnceAndReportedAsDuplicate() throws Exception {
        EventEnvelope a = events.event("store-1", "gate-1", 1);
        assertEquals(new EventBatchResult(List.of(a.eventId()), List.of(a.eventId()), List.of()),
                post("store-1", Events.json(a, a)));
        assertEquals(1, stored());
    }

    @Test
    void theSameEventIdFromAnotherSiteIsAnotherEvent() throws Exception {
        // de-duplication is per (site, event_id): ids are minted per device, the key is scoped to the site
        UUID id = events.id();
        post("store-1", Events.json(Events.event(id, "store-1", "gate-1", "gate.admit", 1)));
        assertEquals(List.of(id), post("store-2", Events.json(Events.event(id, "store-2", "gate-1", "gate.admit", 1))).accepted());
        assertEquals(2, stored());
    }

    @Test
    void anEventForAnotherSiteIsRejectedWithItsReasonAndTheRestIsStored() throws Exception {
        EventEnvelope mine = events.event("store-1", "gate-1", 1);
        EventEnvelope foreign = events.event("store-2", "gate-1", 2);
        EventBatchResult result = post("store-1", Events.json(mine, foreign));
        assertEquals(List.of(mine.eventId()), result.accepted());
        assertEquals(List.of(new Rejection(foreign.eventId(), "site_id 'store-2' does not match the path's site 'store-1'")),
                result.rejected());
        assertEquals(1, stored());
    }

    @Test
    void theStoredEventIsTheOneSent() throws Exception {
        EventEnvelope a = Events.event(events.id(), "store-1", "till-2", "pos.sale", 41);
        post("store-1", Events.json(a));
        List<String> row = relay.relay().store().inTransaction("read", tx -> tx.queryOne(
                "SELECT event_id, device_id, type, occurred_at, sequence, payload FROM inbox_event WHERE site_id = ?",
                r -> List.of(r.getString(1), r.getString(2), r.getString(3), r.getString(4), Long.toString(r.getLong(5)),
                        r.getString(6)), "store-1").orElseThrow());
        assertEquals(List.of(a.eventId().toString(), "till-2", "pos.sale", a.occurredAt().toString(), "41",
                "{\"lease\":\"l-9\",\"left\":41}"), row);
    }

    @Test
    void malformedJsonIsRefusedAndNamed() throws Exception {
        String error = refused("store-1", "{\"events\":[");
        assertTrue(error.startsWith("event_batch.events: malformed JSON at line 1, column 12: "), error);
        assertEquals(0, stored());
    }

    @Test
    void aWrongTypeIsRefusedByItsPathAndNothingOfTheBatchIsStored() throws Exception {
        String good = Events.json(events.event("store-1", "gate-1", 1), events.event("store-1", "gate-1", 2));
        String bad = good.replaceFirst("\"sequence\":2", "\"sequence\":\"2\"");
        assertEquals("event_batch.events[1].sequence: expected an integer, was \"2\"", refused("store-1", bad));
        assertEquals(0, stored());
    }

    @Test
    void aBatchOverTheLimitIsRefusedWhole() throws Exception {
        List<EventEnvelope> many = new ArrayList<>();
        LongStream.rangeClosed(1, 1001).forEach(seq -> many.add(events.event("store-1", "gate-1", seq)));
        // built by hand: the contract's own constructor refuses to build such a batch
        String body = "{\"events\":[" + String.join(",", many.stream().map(Json::writeString).toList()) + "]}";
        assertEquals("event_batch.events: must hold 1 to 1000 events, was 1001", refused("store-1", body));
        assertEquals(0, stored());
        // the limit itself is fine, in one request
        assertEquals(1000, post("store-1", Events.json(many.subList(0, 1000))).accepted().size());
    }

    @Test
    void aFullBatchOfLargeEventsFitsTheBodyLimit() throws Exception {
        // 1,000 sales with 2 KB of line items each: over Javalin's default 1 MB body limit, well under the relay's
        String items = "x".repeat(2000);
        List<EventEnvelope> big = new ArrayList<>();
        for (long seq = 1; seq <= 1000; seq++) {
            big.add(new EventEnvelope(events.id(), "store-1", "till-1", "pos.sale", Events.AT, seq,
                    Json.tree("{\"items\":\"" + items + "\"}")));
        }
        assertTrue(Events.json(big).length() > 2_000_000);
        assertEquals(1000, post("store-1", Events.json(big)).accepted().size());
    }

    @Test
    void aStoresLowStockAlertIsAcceptedAndOneThatBreaksItsContractIsNot() throws Exception {
        EventEnvelope low = new EventEnvelope(events.id(), "store-1", "appliance-pos", StockLow.TYPE, Events.AT, 1,
                Json.toTree(new StockLow("COLA-330", 3, 2, 5, "sale", Events.AT)));
        assertEquals(List.of(low.eventId()), post("store-1", Events.json(low)).accepted());
        EventEnvelope bad = new EventEnvelope(events.id(), "store-1", "appliance-pos", StockLow.TYPE, Events.AT, 2,
                Json.tree("{\"sku\":\"COLA-330\"}"));
        assertTrue(refused("store-1", Events.json(bad)).contains("pos.stock.low"), "refused naming the contract");
    }

    @Test
    void anUnknownEventTypeIsRefusedByItsPathAndNothingOfTheBatchIsStored() throws Exception {
        EventEnvelope good = events.event("store-1", "gate-1", 1);
        EventEnvelope typo = Events.event(events.id(), "store-1", "gate-1", "gate.admitt", 2);
        String error = refused("store-1", Events.json(good, typo));
        assertEquals("event_batch.events[1].type: unknown event type 'gate.admitt'; known types: flip.abort, flip.commit,"
                + " flip.prepared, gate.admit, gate.entry, gate.exit, gate.recount, gate.reject, gate.return, gate.state,"
                + " heartbeat.anomaly, menu.downloaded, menu.override, menu.tier, pos.login.alarm, pos.offline.override,"
                + " pos.payment.failed, pos.refund, pos.sale, pos.sale.paid, pos.sale.refunded, pos.sale.voided, pos.stock.low,"
                + " pos.void", error);
        assertEquals(0, stored());
        // the good event was not half-applied: sent again it is new, not a duplicate
        assertEquals(List.of(good.eventId()), post("store-1", Events.json(good)).accepted());
    }

    @Test
    void gapsInADevicesSequenceAreReportedAndCloseWhenTheLateEventsArrive() throws Exception {
        post("store-1", Events.json(events.event("store-1", "gate-1", 1), events.event("store-1", "gate-1", 2),
                events.event("store-1", "gate-1", 5), events.event("store-1", "gate-1", 9)));
        // a second device counts its own sequence: no gap between devices
        post("store-1", Events.json(events.event("store-1", "gate-2", 1), events.event("store-1", "gate-2", 2)));
        SiteGaps report = gaps("store-1");
        assertEquals(List.of(new StreamGap("gate-1", 3, 4), new StreamGap("gate-1", 6, 8)), report.gaps());
        assertEquals(List.of(new StreamSummary("gate-1", 1, 9, 4), new StreamSummary("gate-2", 1, 2, 2)), report.streams());
        assertFalse(report.truncated());

        // events arrive out of order (the outbox retried an older batch): the gap they fill closes
        post("store-1", Events.json(events.event("store-1", "gate-1", 4), events.event("store-1", "gate-1", 3)));
        assertEquals(List.of(new StreamGap("gate-1", 6, 8)), gaps("store-1").gaps());
        // other sites are not mixed in
        assertEquals(List.of(), gaps("store-2").gaps());
    }
}
