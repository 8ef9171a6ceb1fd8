package dev.outpost.site.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientConfigTest {

    private static final URI BROKER = URI.create("tcp://127.0.0.1:1");

    @Test
    void rejectsBadSettingsNamingTheClient() {
        assertEquals("mqtt client 'board-1': broker uri must look like tcp://host:port, was ws://x:1",
                assertThrows(IllegalArgumentException.class, () -> ClientConfig.of(URI.create("ws://x:1"), "board-1",
                        "board-1", "p".toCharArray(), Optional.empty())).getMessage());
        assertEquals("mqtt client 'board-1': min reconnect delay PT10S must not exceed max reconnect delay PT1S",
                assertThrows(IllegalArgumentException.class, () -> new ClientConfig(BROKER, "board-1", "board-1",
                        "p".toCharArray(), Optional.empty(), Duration.ofSeconds(1), Duration.ofSeconds(10),
                        Duration.ofSeconds(1))).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ClientConfig.of(BROKER, "board-1", "board-1", new char[0], Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new Will("outpost/s/#", new byte[0], 1, true));
    }

    @Test
    void keepsItsOwnCopyOfThePasswordAndNeverPrintsIt() {
        char[] password = "hunter2".toCharArray();
        ClientConfig config = ClientConfig.of(BROKER, "board-1", "board-1", password, Optional.empty());
        password[0] = 'X';
        assertEquals("hunter2", new String(config.password()));
        assertFalse(config.toString().contains("hunter2"));
        assertEquals(ClientConfig.DEFAULT_KEEP_ALIVE, config.keepAlive());
    }

    @Test
    void backoffDoublesFromMinToMax() {
        ClientConfig config = new ClientConfig(BROKER, "board-1", "board-1", "p".toCharArray(), Optional.empty(),
                Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofMillis(1000));
        SiteMqttClient client = SiteMqttClient.connect(config);
        try {
            assertEquals(Duration.ofMillis(100), client.backoff(1));
            assertEquals(Duration.ofMillis(200), client.backoff(2));
            assertEquals(Duration.ofMillis(800), client.backoff(4));
            assertEquals(Duration.ofMillis(1000), client.backoff(5));
            assertEquals(Duration.ofMillis(1000), client.backoff(60));
        } finally {
            client.close();
        }
    }
}
