package dev.outpost.site.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void buildsTheSchemeUnderOutpostSite() {
        assertEquals("outpost/s-1/devices/board-1/presence", Topics.presence("s-1", "board-1"));
        assertEquals("outpost/s-1/devices/board-1/heartbeat", Topics.heartbeat("s-1", "board-1"));
        assertEquals("outpost/s-1/clock/request/gate-2", Topics.clockRequest("s-1", "gate-2"));
        assertEquals("outpost/s-1/clock/reply/gate-2", Topics.clockReply("s-1", "gate-2"));
        assertEquals("outpost/s-1/state/mode", Topics.mode("s-1"));
        assertEquals("outpost/s-1/state/menu-tier", Topics.menuTier("s-1"));
        assertEquals("outpost/s-1/state/kds/grill", Topics.kdsStation("s-1", "grill"));
        assertEquals("outpost/s-1/state/lobby", Topics.lobby("s-1"));
        assertEquals("outpost/s-1/devices/+/presence", Topics.allPresence("s-1"));
        assertEquals("outpost/s-1/devices/+/heartbeat", Topics.allHeartbeats("s-1"));
        assertEquals("outpost/s-1/clock/request/+", Topics.allClockRequests("s-1"));
    }

    @Test
    void rejectsIdsThatWouldBreakTheTopicTreeNamingThem() {
        IllegalArgumentException device = assertThrows(IllegalArgumentException.class,
                () -> Topics.presence("s-1", "A/B"));
        assertEquals("site s-1: device id 'A/B' must match [a-z0-9][a-z0-9-]{0,62}", device.getMessage());
        IllegalArgumentException site = assertThrows(IllegalArgumentException.class, () -> Topics.mode("s+1"));
        assertEquals("site id 's+1' must match [a-z0-9][a-z0-9-]{0,62}", site.getMessage());
        assertEquals("site s-1: kitchen station '#' must match [a-z0-9][a-z0-9-]{0,62}",
                assertThrows(IllegalArgumentException.class, () -> Topics.kdsStation("s-1", "#")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Topics.heartbeat("s-1", "#"));
        assertThrows(IllegalArgumentException.class, () -> Topics.heartbeat("s-1", "-leading-dash"));
        assertThrows(IllegalArgumentException.class, () -> Topics.heartbeat("s-1", "x".repeat(64)));
        assertEquals("outpost/s-1/devices/" + "x".repeat(63) + "/heartbeat", Topics.heartbeat("s-1", "x".repeat(63)));
    }

    @Test
    void parsesDeviceTopicsAndNothingElse() {
        assertEquals(Optional.of(new DeviceTopic("s-1", "board-1", DeviceTopic.Kind.PRESENCE)),
                Topics.parse("outpost/s-1/devices/board-1/presence"));
        assertEquals(Optional.of(new DeviceTopic("s-1", "gate-1", DeviceTopic.Kind.CLOCK_REQUEST)),
                Topics.parse("outpost/s-1/clock/request/gate-1"));
        assertEquals(DeviceTopic.Kind.CLOCK_REPLY, Topics.parse("outpost/s-1/clock/reply/gate-1").orElseThrow().kind());
        assertTrue(Topics.parse("outpost/s-1/state/mode").isEmpty());
        assertTrue(Topics.parse("outpost/s-1/devices/Board/presence").isEmpty());
        assertTrue(Topics.parse("outpost/s-1/devices/board-1/presence/extra").isEmpty());
        assertTrue(Topics.parse("other/s-1/devices/board-1/presence").isEmpty());
        assertTrue(Topics.parse(null).isEmpty());
        DeviceTopic round = Topics.parse(Topics.heartbeat("s-1", "kds-3")).orElseThrow();
        assertEquals(Topics.heartbeat("s-1", "kds-3"), round.topic());
    }

    @Test
    void deviceOfReadsPresenceAndHeartbeatTopicsOfTheSite() {
        assertEquals("board-1", Topics.deviceOf("s-1", "outpost/s-1/devices/board-1/presence"));
        assertEquals("board-1", Topics.deviceOf("s-1", "outpost/s-1/devices/board-1/heartbeat"));
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> Topics.deviceOf("s-1", "outpost/s-2/devices/board-1/presence"));
        assertTrue(other.getMessage().startsWith("site s-1: topic 'outpost/s-2/devices/board-1/presence' is not"),
                other.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Topics.deviceOf("s-1", "outpost/s-1/clock/request/board-1"));
    }
}
