package dev.outpost.api.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.outpost.api.json.ContractException;
import dev.outpost.api.json.Json;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeartbeatTest {
    static final String JSON = """
            {"site_id":"s-1","sent_at":"2026-06-01T12:00:00Z","appliance_version":"1.4.2",
             "devices":[
               {"device_id":"board-1","role":"board","version":"menu-41","state":"ok","last_seen":"2026-06-01T11:59:58Z"},
               {"device_id":"kiosk-2","role":"kiosk","version":"menu-41","state":"offline","last_seen":"2026-06-01T11:40:00Z"}],
             "anomalies":["kiosk-2 offline for 20 min"],"cache_bytes":1048576}""";

    static String error(String json) {
        return assertThrows(ContractException.class, () -> Heartbeat.read(json.getBytes(java.nio.charset.StandardCharsets.UTF_8))).getMessage();
    }

    @Test
    void readsTheExactWireShape() {
        Heartbeat heartbeat = Heartbeat.read(JSON.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(new Heartbeat("s-1", Instant.parse("2026-06-01T12:00:00Z"), "1.4.2", List.of(
                new DeviceStatus("board-1", "board", "menu-41", "ok", Instant.parse("2026-06-01T11:59:58Z")),
                new DeviceStatus("kiosk-2", "kiosk", "menu-41", "offline", Instant.parse("2026-06-01T11:40:00Z"))),
                List.of("kiosk-2 offline for 20 min"), 1048576), heartbeat);
        assertEquals(Json.tree(JSON), Json.tree(Json.write(heartbeat)));
    }

    @Test
    void missingField() {
        assertEquals("heartbeat: missing field 'site_id'", error(JSON.replace("\"site_id\":\"s-1\",", "")));
        assertEquals("heartbeat.devices[0]: missing field 'state'", error(JSON.replace("\"state\":\"ok\",", "")));
    }

    @Test
    void unknownField() {
        assertEquals("heartbeat: unknown field 'foo'", error(JSON.replace("{\"site_id\"", "{\"foo\":1,\"site_id\"")));
        assertEquals("heartbeat.devices[1]: unknown field 'ip'",
                error(JSON.replace("\"device_id\":\"kiosk-2\"", "\"device_id\":\"kiosk-2\",\"ip\":\"10.0.0.2\"")));
    }

    @Test
    void wrongType() {
        assertEquals("heartbeat.devices[1].last_seen: expected an ISO-8601 instant, was 42",
                error(JSON.replace("\"2026-06-01T11:40:00Z\"", "42")));
        assertEquals("heartbeat.cache_bytes: expected an integer, was \"1048576\"",
                error(JSON.replace("1048576", "\"1048576\"")));
        assertEquals("heartbeat.anomalies[0]: expected a string, was 7",
                error(JSON.replace("\"kiosk-2 offline for 20 min\"", "7")));
    }

    @Test
    void blankIdsAndNegativeCacheAreRefused() {
        assertEquals("heartbeat.site_id: must not be blank, was \" \"", error(JSON.replace("\"s-1\"", "\" \"")));
        assertEquals("heartbeat.devices[0].device_id: must not be blank, was \"\"", error(JSON.replace("\"board-1\"", "\"\"")));
        assertEquals("heartbeat.cache_bytes: must not be negative, was -1", error(JSON.replace("1048576", "-1")));
        assertEquals("site_id: must not be blank, was \"\"", assertThrows(IllegalArgumentException.class,
                () -> new Heartbeat("", Instant.EPOCH, "1", List.of(), List.of(), 0)).getMessage());
    }

    @Test
    void replyIsStrictToo() {
        String reply = "{\"server_time\":\"2026-06-01T12:00:01Z\",\"pull_now\":true}";
        assertEquals(new HeartbeatReply(Instant.parse("2026-06-01T12:00:01Z"), true), Json.read(reply, HeartbeatReply.class));
        assertEquals(reply, Json.writeString(new HeartbeatReply(Instant.parse("2026-06-01T12:00:01Z"), true)));
        assertEquals("heartbeat_reply.pull_now: expected a boolean, was \"yes\"",
                assertThrows(ContractException.class, () -> Json.read(reply.replace("true", "\"yes\""), HeartbeatReply.class))
                        .getMessage());
        assertEquals("heartbeat_reply: missing field 'pull_now'",
                assertThrows(ContractException.class, () -> Json.read("{\"server_time\":\"2026-06-01T12:00:01Z\"}",
                        HeartbeatReply.class)).getMessage());
        assertEquals("heartbeat_reply: unknown field 'poll_now'",
                assertThrows(ContractException.class, () -> Json.read(reply.replace("\"pull_now\"", "\"poll_now\":1,\"pull_now\""),
                        HeartbeatReply.class)).getMessage());
    }

    @Test
    void theOutboxBacklogIsOptionalButNeverNull() {
        String with = JSON.replace("\"cache_bytes\":1048576", "\"cache_bytes\":1048576,"
                + "\"outbox\":{\"pending\":12,\"oldest_age_ms\":4500,\"parked\":1}");
        Heartbeat heartbeat = Heartbeat.read(with.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(new OutboxBacklog(12, 4500, 1), heartbeat.outbox());
        assertEquals(Json.tree(with), Json.tree(Json.write(heartbeat)));
        assertEquals(null, Heartbeat.read(JSON.getBytes(java.nio.charset.StandardCharsets.UTF_8)).outbox());
        assertEquals(Json.tree(JSON), Json.tree(Json.write(Heartbeat.read(JSON.getBytes(java.nio.charset.StandardCharsets.UTF_8)))));
        assertEquals("heartbeat.outbox: must not be null", error(with.replaceAll("\\{\"pending.*?}", "null")));
        assertEquals("heartbeat.outbox.oldest_age_ms: must be 0 when nothing is pending, was 4500",
                error(with.replace("\"pending\":12", "\"pending\":0")));
        assertEquals("heartbeat.outbox: missing field 'parked'", error(with.replace(",\"parked\":1", "")));
    }
}
