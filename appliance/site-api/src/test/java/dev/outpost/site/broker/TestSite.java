package dev.outpost.site.broker;

import dev.outpost.api.password.PasswordHash;
import dev.outpost.site.mqtt.ClientConfig;
import dev.outpost.site.mqtt.SiteMqttClient;
import dev.outpost.site.mqtt.Will;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A site broker on 127.0.0.1 with an appliance account {@code hub} and devices {@code board-1} and {@code gate-1}
 * (password = username + "-pw"), plus clients that are closed with it. Cheap hashes keep connects fast.
 */
public final class TestSite implements AutoCloseable {

    public static final String SITE = "s-1";
    public static final Duration WAIT = Duration.ofSeconds(20);

    private final List<SiteMqttClient> clients = new ArrayList<>();
    private final int maxMessageBytes;
    private SiteBroker broker;
    private int port;

    private TestSite(int port, int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
        this.port = port;
    }

    public static TestSite start() {
        return start(0, BrokerConfig.DEFAULT_MAX_MESSAGE_BYTES);
    }

    public static TestSite start(int port, int maxMessageBytes) {
        TestSite site = new TestSite(port, maxMessageBytes);
        site.startBroker();
        return site;
    }

    /** A site whose broker is not running yet, on a port that was free a moment ago. */
    public static TestSite notStarted() {
        return new TestSite(freePort(), BrokerConfig.DEFAULT_MAX_MESSAGE_BYTES);
    }

    public static Map<String, Credential> accounts() {
        return Map.of(
                "hub", new Credential(Role.APPLIANCE, PasswordHash.hash("hub-pw".toCharArray(), 1_000)),
                "board-1", new Credential(Role.DEVICE, PasswordHash.hash("board-1-pw".toCharArray(), 1_000)),
                "gate-1", new Credential(Role.DEVICE, PasswordHash.hash("gate-1-pw".toCharArray(), 1_000)));
    }

    public void startBroker() {
        broker = SiteBroker.start(new BrokerConfig(SITE, "127.0.0.1", port, Optional.empty(), maxMessageBytes,
                accounts()));
        port = broker.port();
    }

    public void stopBroker() {
        broker.close();
    }

    public SiteBroker broker() {
        return broker;
    }

    public URI uri() {
        return ClientConfig.tcp("127.0.0.1", port);
    }

    public ClientConfig config(String clientId, String username, String password, Optional<Will> will) {
        return new ClientConfig(uri(), clientId, username, password.toCharArray(), will, Duration.ofSeconds(2),
                Duration.ofMillis(50), Duration.ofMillis(400), Duration.ofSeconds(5));
    }

    /** Connects {@code user} with its own password and waits until connected. */
    public SiteMqttClient connected(String user) {
        return connected(user, Optional.empty());
    }

    /** The appliance may open several connections, as {@code hub.<suffix>}. */
    public SiteMqttClient connectedAs(String clientId, String user) {
        SiteMqttClient client = client(config(clientId, user, user + "-pw", Optional.empty()));
        await(client.connected());
        return client;
    }

    public SiteMqttClient connected(String user, Optional<Will> will) {
        SiteMqttClient client = client(config(user, user, user + "-pw", will));
        await(client.connected());
        return client;
    }

    public SiteMqttClient client(ClientConfig config) {
        SiteMqttClient client = SiteMqttClient.connect(config);
        clients.add(client);
        return client;
    }

    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("not done within " + WAIT + ": " + e, e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Closes the clients, then the broker in the background: Moquette's stop closes the port at once, then waits out
     * Netty's two-second quiet period, which no test checks anything after.
     */
    @Override
    public void close() {
        clients.forEach(SiteMqttClient::close);
        if (broker != null) {
            Thread.ofVirtual().name("test-broker-close").start(broker::close);
        }
    }
}
