package dev.outpost.appliance.gates;

import dev.outpost.api.password.PasswordHash;
import dev.outpost.site.broker.BrokerConfig;
import dev.outpost.site.broker.Credential;
import dev.outpost.site.broker.Role;
import dev.outpost.site.broker.SiteBroker;
import dev.outpost.site.mqtt.ClientConfig;
import dev.outpost.site.mqtt.SiteMqttClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A site broker on 127.0.0.1 (in memory) with the account {@code appliance} and gates {@code gate-1}, {@code gate-2}
 * (password = name + "-pw"), and clients closed with it.
 */
final class TestLan implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);

    private final String site;
    private final SiteBroker broker;
    private final List<SiteMqttClient> clients = new ArrayList<>();

    TestLan(String site) {
        this.site = site;
        this.broker = SiteBroker.start(new BrokerConfig(site, "127.0.0.1", 0, Optional.empty(),
                BrokerConfig.DEFAULT_MAX_MESSAGE_BYTES, Map.of(
                        "appliance", new Credential(Role.APPLIANCE, PasswordHash.hash("appliance-pw".toCharArray(), 1_000)),
                        "gate-1", new Credential(Role.DEVICE, PasswordHash.hash("gate-1-pw".toCharArray(), 1_000)),
                        "gate-2", new Credential(Role.DEVICE, PasswordHash.hash("gate-2-pw".toCharArray(), 1_000)))));
    }

    /** A client of {@code user}, connected. */
    SiteMqttClient connected(String user) {
        SiteMqttClient client = SiteMqttClient.connect(new ClientConfig(ClientConfig.tcp("127.0.0.1", broker.port()), user,
                user, (user + "-pw").toCharArray(), Optional.empty(), Duration.ofSeconds(2), Duration.ofMillis(50),
                Duration.ofMillis(400)));
        clients.add(client);
        await(client.connected());
        return client;
    }

    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("not done within " + WAIT + ": " + e, e);
        }
    }

    @Override
    public void close() {
        clients.forEach(SiteMqttClient::close);
        // in the background: Moquette's stop closes the port at once, then waits out Netty's 2 s shutdown quiet period
        Thread.ofVirtual().name("test-broker-close").start(broker::close);
    }

    /** Messages received on one subscription, decoded; {@link #next} waits with a deadline. */
    static final class Received<T> {
        private final LinkedBlockingQueue<T> queue = new LinkedBlockingQueue<>();

        void add(T message) {
            queue.add(message);
        }

        T next() {
            try {
                T message = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                if (message == null) {
                    throw new AssertionError("no message within " + WAIT);
                }
                return message;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /** The first message that passes {@code test}, skipping the others. */
        T next(Predicate<T> test) {
            while (true) {
                T message = next();
                if (test.test(message)) {
                    return message;
                }
            }
        }
    }
}
