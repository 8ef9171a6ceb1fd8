package dev.outpost.site.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.json.ContractException;
import dev.outpost.site.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessagesTest {

    private static final Instant AT = Instant.parse("2027-03-01T11:59:58.123456789Z");

    @Test
    void roundTripsEveryMessageAsSnakeCaseJsonWithNanosecondInstants() {
        Presence presence = new Presence("board-1", "board", "1.4.2", PresenceState.ONLINE, AT);
        String json = new String(Messages.encode(presence), StandardCharsets.UTF_8);
        assertEquals("{\"device_id\":\"board-1\",\"role\":\"board\",\"version\":\"1.4.2\",\"state\":\"ONLINE\","
                + "\"at\":\"2027-03-01T11:59:58.123456789Z\"}", json);
        assertEquals(presence, Messages.decode(json.getBytes(StandardCharsets.UTF_8), Presence.class));

        DeviceHeartbeat heartbeat = new DeviceHeartbeat("gate-1", "gate", "2.0", "RUNNING", AT, 17);
        assertEquals(heartbeat, Messages.decode(Messages.encode(heartbeat), DeviceHeartbeat.class));
        ClockRequest request = new ClockRequest("gate-1", "r-1", AT);
        assertEquals(request, Messages.decode(Messages.encode(request), ClockRequest.class));
        ClockReply reply = ClockReply.answering(request, AT.plusMillis(3), AT.plusMillis(4));
        assertEquals(reply, Messages.decode(Messages.encode(reply), ClockReply.class));
    }

    @Test
    void badPayloadsAreRejectedNamingMessageAndField() {
        assertEquals("presence.device_id: 'A/B' must match [a-z0-9][a-z0-9-]{0,62}", decodeError(
                "{\"device_id\":\"A/B\",\"role\":\"board\",\"version\":\"1\",\"state\":\"ONLINE\",\"at\":\"2027-03-01T12:00:00Z\"}"));
        assertEquals("presence: missing field 'at'", decodeError(
                "{\"device_id\":\"b-1\",\"role\":\"board\",\"version\":\"1\",\"state\":\"ONLINE\"}"));
        assertEquals("presence: unknown field 'extra'", decodeError(
                "{\"device_id\":\"b-1\",\"role\":\"board\",\"version\":\"1\",\"state\":\"ONLINE\","
                        + "\"at\":\"2027-03-01T12:00:00Z\",\"extra\":1}"));
        assertEquals("presence.at: expected an ISO-8601 instant, was 42", decodeError(
                "{\"device_id\":\"b-1\",\"role\":\"board\",\"version\":\"1\",\"state\":\"ONLINE\",\"at\":42}"));
        assertEquals("presence: empty payload",
                assertThrows(ContractException.class, () -> Messages.decode(new byte[0], Presence.class)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DeviceHeartbeat("b-1", "board", "1", "x", AT, -1));
        assertThrows(IllegalArgumentException.class, () -> new ClockReply("b-1", "r", AT, AT, AT.minusNanos(1)));
    }

    @Test
    void kitchenStationAndLobbyBoardRoundTripAndRefuseBadFields() {
        UUID order = UUID.fromString("0190f1a2-0000-7000-8000-000000000001");
        KitchenStation grill = new KitchenStation("grill", List.of(new KitchenStation.Ticket(order, 3, AT,
                List.of(new KitchenStation.Line("b-1", "Cheeseburger", 2, "no onions")))),
                List.of(new KitchenStation.AllDay("b-1", "Cheeseburger", 2)),
                List.of(new KitchenStation.Bumped(order, 2, AT)), 300, 600, AT);
        assertEquals(grill, Messages.decode(Messages.encode(grill), KitchenStation.class));
        LobbyBoard board = new LobbyBoard(List.of(3, 4), List.of(2), AT);
        assertEquals(board, Messages.decode(Messages.encode(board), LobbyBoard.class));
        assertEquals("lobby_board.ready[0]: an order number is at least 1, was 0", decodeError(
                "{\"preparing\":[],\"ready\":[0],\"sent_at\":\"2027-03-01T12:00:00Z\"}", LobbyBoard.class));
        assertEquals("kds_station.late_after_seconds: must be more than warn_after_seconds (300, at least 1), was 300",
                decodeError("{\"station\":\"grill\",\"tickets\":[],\"all_day\":[],\"recall\":[],"
                        + "\"warn_after_seconds\":300,\"late_after_seconds\":300,\"sent_at\":\"2027-03-01T12:00:00Z\"}",
                        KitchenStation.class));
    }

    @Test
    void menuTierRoundTripsAndHoldsAnOverrideExactlyWhenOverridden() {
        MenuTier stale = MenuTier.of(MenuTier.Tier.STALE, AT, AT.plusSeconds(5));
        assertEquals("{\"tier\":\"STALE\",\"since\":\"2027-03-01T11:59:58.123456789Z\",\"override\":[],"
                + "\"sent_at\":\"2027-03-01T12:00:03.123456789Z\"}", new String(Messages.encode(stale), StandardCharsets.UTF_8));
        assertEquals(stale, Messages.decode(Messages.encode(stale), MenuTier.class));
        MenuTier overridden = MenuTier.overridden(AT, AT.plusSeconds(3600), "Ana Ruiz", AT);
        assertEquals(overridden, Messages.decode(Messages.encode(overridden), MenuTier.class));
        assertEquals(AT.plusSeconds(3600), overridden.running().orElseThrow().until());

        assertEquals("menu_tier.override: must hold exactly one override when the tier is EXPIRED_OVERRIDDEN, held 0",
                decodeError("{\"tier\":\"EXPIRED_OVERRIDDEN\",\"since\":\"2027-03-01T12:00:00Z\","
                        + "\"override\":[],\"sent_at\":\"2027-03-01T12:00:00Z\"}", MenuTier.class));
        assertEquals("menu_tier.override: must hold none when the tier is FRESH, held 1", decodeError("{\"tier\":\"FRESH\",\"since\":\"2027-03-01T12:00:00Z\",\"override\":[{\"until\":"
                        + "\"2027-03-01T13:00:00Z\",\"manager\":\"Ana\"}],\"sent_at\":\"2027-03-01T12:00:00Z\"}", MenuTier.class));
        assertEquals("menu_tier.override: ends at 2027-03-01T11:00:00Z, not after the menu expired (2027-03-01T12:00:00Z)",
                decodeError("{\"tier\":\"EXPIRED_OVERRIDDEN\",\"since\":\"2027-03-01T12:00:00Z\","
                        + "\"override\":[{\"until\":\"2027-03-01T11:00:00Z\",\"manager\":\"Ana\"}],"
                        + "\"sent_at\":\"2027-03-01T12:00:00Z\"}", MenuTier.class));
        assertEquals("menu_tier.override[0].manager: must not be blank, was ' '", decodeError("{\"tier\":\"EXPIRED_OVERRIDDEN\",\"since\":\"2027-03-01T12:00:00Z\",\"override\":[{\"until\":"
                        + "\"2027-03-01T13:00:00Z\",\"manager\":\" \"}],\"sent_at\":\"2027-03-01T12:00:00Z\"}", MenuTier.class));
        assertTrue(decodeError("{\"tier\":\"ROTTEN\",\"since\":\"2027-03-01T12:00:00Z\","
                + "\"override\":[],\"sent_at\":\"2027-03-01T12:00:00Z\"}", MenuTier.class).startsWith("menu_tier.tier: "));
        assertEquals("menu_tier: missing field 'override'", decodeError("{\"tier\":\"FRESH\",\"since\":\"2027-03-01T12:00:00Z\",\"sent_at\":\"2027-03-01T12:00:00Z\"}", MenuTier.class));
    }

    @Test
    void decodeFromTiesThePayloadToTheDeviceOfItsTopic() {
        byte[] payload = Messages.encode(new Presence("gate-1", "gate", "1", PresenceState.OFFLINE, AT));
        assertEquals("gate-1", Messages.decodeFrom("s-1", "outpost/s-1/devices/gate-1/presence", payload,
                Presence.class).deviceId());
        ContractException spoofed = assertThrows(ContractException.class, () -> Messages.decodeFrom("s-1",
                "outpost/s-1/devices/board-1/presence", payload, Presence.class));
        assertEquals("presence.device_id: 'gate-1' differs from the device 'board-1' of topic "
                + "'outpost/s-1/devices/board-1/presence'", spoofed.getMessage());
        assertThrows(ContractException.class, () -> Messages.decodeFrom("s-2", "outpost/s-1/devices/gate-1/presence",
                payload, Presence.class));
    }

    @Test
    void decodeFromKnowsTheGateTopicsToo() {
        GateLeaseAsk ask = new GateLeaseAsk("gate-1", UUID.randomUUID(), UUID.randomUUID(), 5, 0, 0, 0, 0, 0);
        byte[] payload = Messages.encode(ask);
        assertEquals(ask, Messages.decodeFrom("s-1", Topics.gateLeaseAsk("s-1", "gate-1"), payload, GateLeaseAsk.class));
        ContractException spoofed = assertThrows(ContractException.class, () -> Messages.decodeFrom("s-1",
                Topics.gateLeaseAsk("s-1", "gate-2"), payload, GateLeaseAsk.class));
        assertEquals("gate_lease_ask.device_id: 'gate-1' differs from the device 'gate-2' of topic "
                + "'outpost/s-1/devices/gate-2/lease/ask'", spoofed.getMessage());
        assertEquals("gate_lease_ask: topic 'outpost/s-1/state/mode' is not a device topic of site s-1",
                assertThrows(ContractException.class, () -> Messages.decodeFrom("s-1", Topics.mode("s-1"), payload,
                        GateLeaseAsk.class)).getMessage());
    }

    private static String decodeError(String json) {
        return assertThrows(ContractException.class,
                () -> Messages.decode(json.getBytes(StandardCharsets.UTF_8), Presence.class)).getMessage();
    }

    @Test
    void flipMessagesRoundTripAndRefuseABadHash() {
        java.util.UUID flip = java.util.UUID.fromString("01890f1e-0000-7000-8000-000000000001");
        FlipAnswer answer = new FlipAnswer("board-1", flip, FlipOutcome.ABORT, "blob sha256 mismatch");
        assertEquals(answer, Messages.decodeFrom("s-1", Topics.flipAnswer("s-1", "board-1"), Messages.encode(answer),
                FlipAnswer.class));
        FlipDecision commit = FlipDecision.commit(flip);
        assertEquals(commit, Messages.decode(Messages.encode(commit), FlipDecision.class));
        String sha = "a".repeat(64);
        FlipReport report = new FlipReport("board-1", flip, "main/v2", sha, AT, true);
        assertEquals(report, Messages.decode(Messages.encode(report), FlipReport.class));
        MenuShown shown = new MenuShown("board-1", "main", "en-US", "main/v1", sha, AT);
        assertEquals(shown, Messages.decode(Messages.encode(shown), MenuShown.class));
        assertEquals("flip_report.sha256: expected 64 lowercase hex characters, was 'ABC'", decodeError(
                "{\"device_id\":\"board-1\",\"flip_id\":\"" + flip + "\",\"version_id\":\"v\",\"sha256\":\"ABC\","
                        + "\"committed_at\":\"2027-03-01T12:00:00Z\",\"autonomous\":false}", FlipReport.class));
        ContractException spoofed = assertThrows(ContractException.class, () -> Messages.decodeFrom("s-1",
                Topics.flipAnswer("s-1", "board-2"), Messages.encode(answer), FlipAnswer.class));
        assertEquals("flip_answer.device_id: 'board-1' differs from the device 'board-2' of topic "
                + "'outpost/s-1/devices/board-2/flip/answer'", spoofed.getMessage());
    }

    private static String decodeError(String json, Class<?> type) {
        return assertThrows(ContractException.class,
                () -> Messages.decode(json.getBytes(StandardCharsets.UTF_8), type)).getMessage();
    }
}
