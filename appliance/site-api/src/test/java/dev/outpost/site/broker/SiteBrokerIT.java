package dev.outpost.site.broker;

import static dev.outpost.site.broker.TestSite.SITE;
import static dev.outpost.site.broker.TestSite.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.site.message.Messages;
import dev.outpost.site.message.Presence;
import dev.outpost.site.message.PresenceState;
import dev.outpost.site.mqtt.ConnectionEvent;
import dev.outpost.site.mqtt.SiteMqttClient;
import dev.outpost.site.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class SiteBrokerIT {

    private static final Instant AT = Instant.parse("2027-03-01T12:00:00Z");
    private TestSite site;

    @AfterEach
    void stop() {
        if (site != null) {
            site.close();
        }
    }

    @Test
    void aDevicePublishesItsOwnRetainedPresence() {
        site = TestSite.start();
        SiteMqttClient board = site.connected("board-1");
        byte[] online = Messages.encode(new Presence("board-1", "board", "1.0", PresenceState.ONLINE, AT));
        await(board.publish(Topics.presence(SITE, "board-1"), online, 1, true));

        SiteMqttClient hub = site.connected("hub");
        Inbox inbox = new Inbox();
        await(hub.subscribe(Topics.allPresence(SITE), 1, inbox));
        Inbox.Message retained = inbox.next();
        assertEquals("outpost/s-1/devices/board-1/presence", retained.topic());
        assertEquals(PresenceState.ONLINE,
                Messages.decodeFrom(SITE, retained.topic(), retained.payload(), Presence.class).state());
    }

    @Test
    void aDeviceCannotPublishAnotherDevicesPresence() {
        site = TestSite.start();
        SiteMqttClient hub = site.connected("hub");
        Inbox inbox = new Inbox();
        await(hub.subscribe(Topics.everything(SITE), 1, inbox));
        SiteMqttClient board = site.connected("board-1");

        byte[] forged = Messages.encode(new Presence("gate-1", "gate", "1.0", PresenceState.OFFLINE, AT));
        await(board.publish(Topics.presence(SITE, "gate-1"), forged, 0, true));
        await(board.publish(Topics.mode(SITE), "{}".getBytes(StandardCharsets.UTF_8), 0, true));
        // the broker handles one client's publishes in order, so the sentinel arriving proves the others were dropped
        await(board.publish(Topics.heartbeat(SITE, "board-1"), "sentinel".getBytes(StandardCharsets.UTF_8), 0, false));

        assertEquals(List.of(), inbox.until(Topics.heartbeat(SITE, "board-1")));
    }

    @Test
    void aDeviceCannotSubscribeToOtherDevicesOrTheWholeSite() {
        site = TestSite.start();
        SiteMqttClient board = site.connected("board-1");
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> board.subscribe(Topics.allPresence(SITE), 1, new Inbox()).get(20, TimeUnit.SECONDS));
        assertTrue(refused.getCause().getMessage().startsWith(
                "mqtt client board-1: broker refused subscription to 'outpost/s-1/devices/+/presence' (reason 0x8"),
                refused.getCause().getMessage());
        await(board.subscribe(Topics.mode(SITE), 1, new Inbox()));
        await(board.subscribe(Topics.clockReply(SITE, "board-1"), 0, new Inbox()));
    }

    @Test
    void aWrongPasswordIsRefused() {
        site = TestSite.start();
        CompletableFuture<ConnectionEvent> failed = new CompletableFuture<>();
        SiteMqttClient client = site.client(site.config("board-1", "board-1", "gate-1-pw", Optional.empty()));
        client.onConnectionEvent(event -> {
            if (event.state() == ConnectionEvent.State.CONNECT_FAILED) {
                failed.complete(event);
            }
        });
        ConnectionEvent event = await(failed);
        assertTrue(event.detail().contains("0x86 bad user name or password"), event.detail());
        assertTrue(!client.isConnected());
    }

    @Test
    void aDeviceMustUseItsUsernameAsClientId() {
        site = TestSite.start();
        MqttException refused = assertThrows(MqttException.class,
                () -> rawConnect("gate-1", "board-1", "board-1-pw"));
        assertEquals(0x86, refused.getReasonCode());
    }

    @Test
    void anonymousClientsAreRefused() {
        site = TestSite.start();
        MqttException refused = assertThrows(MqttException.class, () -> rawConnect("board-1", null, null));
        assertEquals(0x86, refused.getReasonCode());
    }

    @Test
    void aMessageOverTheLimitIsDroppedAndOneUnderItPasses() {
        site = TestSite.start(0, 4096);
        SiteMqttClient hub = site.connected("hub");
        Inbox inbox = new Inbox();
        await(hub.subscribe(Topics.everything(SITE), 1, inbox));
        SiteMqttClient board = site.connected("board-1");
        String topic = Topics.heartbeat(SITE, "board-1");
        CompletableFuture<Void> dropped = new CompletableFuture<>();
        board.onConnectionChange(connected -> {
            if (!connected) {
                dropped.complete(null);
            }
        });

        board.publish(topic, new byte[4096], 0, false);
        await(dropped);
        await(board.connected());
        byte[] small = new byte[4000];
        small[0] = 42;
        await(board.publish(topic, small, 1, false));

        Inbox.Message first = inbox.next();
        assertEquals(topic, first.topic());
        assertArrayEquals(small, first.payload(), "the oversized message never reached the subscriber");
    }

    private void rawConnect(String clientId, String username, String password) throws MqttException {
        MqttClient client = new MqttClient(site.uri().toString(), clientId, new MemoryPersistence());
        try {
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setConnectionTimeout(5);
            if (username != null) {
                options.setUserName(username);
                options.setPassword(password.getBytes(StandardCharsets.UTF_8));
            }
            client.connect(options);
            client.disconnect();
        } finally {
            client.close(true);
        }
    }
}
