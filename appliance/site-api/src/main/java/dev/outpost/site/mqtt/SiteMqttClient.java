package dev.outpost.site.mqtt;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.util.MqttTopicValidator;
import org.tinylog.Logger;

/**
 * An MQTT 5 connection to the site broker that stays up: it connects in the background, retries with
 * exponential backoff (also for the very first connect, which Paho's automatic reconnect does not cover), starts
 * every session clean and re-sends its subscriptions after each connect; {@link #connected()} and the listeners
 * hear of a connection only once those subscriptions are answered.
 *
 * <p>Design: Paho's own reconnect is off; one scheduler thread owns connect attempts so backoff is uniform and
 * never blocks a caller. Messages are dispatched from Paho's single callback thread to every handler whose filter
 * matches; a handler that throws is logged, never propagated (Paho would drop the connection). Session state is
 * in memory (Paho's default would write files in the working directory).
 *
 * <p>{@link #close()} sends DISCONNECT, so the broker does <em>not</em> publish the will: publish the offline
 * presence yourself (and wait for it) before closing. {@link #abort()} drops the connection as a crash would.
 */
public final class SiteMqttClient implements AutoCloseable {

    private final ClientConfig config;
    private final String name;
    private final MqttAsyncClient paho;
    private final ScheduledExecutorService scheduler;
    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<ConnectionEvent>> eventListeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    private CompletableFuture<Void> connected = new CompletableFuture<>();
    private int failures;
    private boolean everConnected;
    private boolean attemptPending;
    private volatile boolean closed;

    private static final class Subscription {
        final String filter;
        final int qos;
        final MessageHandler handler;
        final CompletableFuture<Void> acknowledged = new CompletableFuture<>();

        Subscription(String filter, int qos, MessageHandler handler) {
            this.filter = filter;
            this.qos = qos;
            this.handler = handler;
        }
    }

    private SiteMqttClient(ClientConfig config) {
        this.config = config;
        this.name = "mqtt client " + config.clientId();
        try {
            this.paho = new MqttAsyncClient(config.brokerUri().toString(), config.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalStateException(name + ": cannot create client for " + config.brokerUri() + ": " + e, e);
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mqtt-" + config.clientId());
            t.setDaemon(true);
            return t;
        });
        paho.setCallback(new Callback());
    }

    /** Starts connecting in the background and returns at once; see {@link #connected()}. */
    public static SiteMqttClient connect(ClientConfig config) {
        SiteMqttClient client = new SiteMqttClient(config);
        client.scheduleAttempt(Duration.ZERO);
        return client;
    }

    public ClientConfig config() {
        return config;
    }

    public boolean isConnected() {
        return !closed && paho.isConnected();
    }

    /** Completes when the client is connected: at once if it is, else at the next successful connect. */
    public CompletableFuture<Void> connected() {
        synchronized (lock) {
            return connected;
        }
    }

    /** Called with true on every (re)connect and false on every loss. */
    public void onConnectionChange(ConnectionListener listener) {
        listeners.add(listener);
    }

    /** Every connection event, failed attempts included, with the reason (e.g. a refused password). */
    public void onConnectionEvent(Consumer<ConnectionEvent> listener) {
        eventListeners.add(listener);
    }

    /**
     * Publishes; completes when the broker acknowledged (QoS 1/2) or the message was written (QoS 0). Fails at
     * once when not connected: nothing is queued across a disconnect. Note: Moquette silently drops a QoS 1/2
     * publish the ACL refuses, without PUBACK, so that future never completes.
     */
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retained) {
        checkQos(qos, topic);
        if (topic == null || topic.isEmpty() || topic.contains("+") || topic.contains("#")) {
            throw new IllegalArgumentException(name + ": cannot publish to '" + topic + "', need a topic without wildcards");
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        String action = "publish to '" + topic + "'";
        if (!isConnected()) {
            done.completeExceptionally(new IllegalStateException(
                    name + ": " + action + " failed: " + (closed ? "closed" : "not connected to " + config.brokerUri())));
            return done;
        }
        try {
            paho.publish(topic, payload, qos, retained, null, completing(done, action));
        } catch (MqttException | RuntimeException e) {
            done.completeExceptionally(new IllegalStateException(name + ": " + action + " failed: " + describe(e), e));
        }
        return done;
    }

    /**
     * Subscribes {@code handler} to {@code filter}, now if connected and again after every reconnect. Completes
     * when the broker first grants it; fails if the broker refuses it (then it is forgotten, not retried).
     */
    public CompletableFuture<Void> subscribe(String filter, int qos, MessageHandler handler) {
        checkQos(qos, filter);
        try {
            MqttTopicValidator.validate(filter, true, true);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": filter '" + filter + "' is not a valid MQTT filter: "
                    + e.getMessage(), e);
        }
        if (handler == null) {
            throw new IllegalArgumentException(name + ": subscription to '" + filter + "' needs a handler");
        }
        Subscription sub = new Subscription(filter, qos, handler);
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException(name + ": closed, cannot subscribe to '" + filter + "'");
            }
            if (subscriptions.containsKey(filter)) {
                throw new IllegalStateException(name + ": already subscribed to '" + filter + "'; unsubscribe first");
            }
            subscriptions.put(filter, sub);
        }
        if (paho.isConnected()) {
            sendSubscribe(sub);
        }
        return sub.acknowledged;
    }

    /** Forgets the subscription to {@code filter} and unsubscribes if connected. */
    public CompletableFuture<Void> unsubscribe(String filter) {
        Subscription removed;
        synchronized (lock) {
            removed = subscriptions.remove(filter);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (removed == null || !isConnected()) {
            done.complete(null);
            return done;
        }
        try {
            paho.unsubscribe(filter, null, completing(done, "unsubscribe from '" + filter + "'"));
        } catch (MqttException | RuntimeException e) {
            done.completeExceptionally(new IllegalStateException(name + ": unsubscribe from '" + filter + "' failed: "
                    + describe(e), e));
        }
        return done;
    }

    /** Disconnects cleanly (no will) and stops reconnecting. */
    @Override
    public void close() {
        if (!markClosed()) {
            return;
        }
        try {
            if (paho.isConnected()) {
                paho.disconnect(0).waitForCompletion(config.connectTimeout().toMillis());
            }
        } catch (MqttException e) {
            Logger.debug("{}: disconnect: {}", name, describe(e));
        }
        release(false);
    }

    /**
     * Drops the TCP connection without a DISCONNECT, as a crash or a pulled cable would, so the broker publishes
     * the will. For simulators and tests.
     */
    public void abort() {
        if (!markClosed()) {
            return;
        }
        release(true);
    }

    private boolean markClosed() {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            closed = true;
            subscriptions.clear();
        }
        scheduler.shutdownNow();
        return true;
    }

    private void release(boolean abruptly) {
        try {
            if (abruptly || paho.isConnected()) {
                paho.disconnectForcibly(0, config.connectTimeout().toMillis(), false);
            }
        } catch (MqttException e) {
            Logger.debug("{}: forced disconnect: {}", name, describe(e));
        }
        try {
            paho.close(true);
        } catch (MqttException e) {
            // A connect still in flight refuses close; onConnected closes the client when it lands.
            Logger.debug("{}: close: {}", name, describe(e));
        }
        Logger.info("{}: closed{}", name, abruptly ? " abruptly (the broker publishes the will)" : "");
    }

    private void scheduleAttempt(Duration delay) {
        synchronized (lock) {
            if (closed || attemptPending) {
                return;
            }
            attemptPending = true;
        }
        try {
            scheduler.schedule(this::attempt, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private void attempt() {
        synchronized (lock) {
            attemptPending = false;
            if (closed) {
                return;
            }
        }
        try {
            paho.connect(options(), null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    if (closed) {
                        // closed while this attempt was in flight; not from Paho's own callback thread
                        Thread.ofPlatform().daemon().name("mqtt-close-" + config.clientId()).start(() -> release(false));
                        return;
                    }
                    onScheduler(SiteMqttClient.this::onConnected);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable error) {
                    onScheduler(() -> onConnectFailed(error));
                }
            });
        } catch (MqttException | RuntimeException e) {
            onConnectFailed(e);
        }
    }

    private MqttConnectionOptions options() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(config.username());
        char[] password = config.password();
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] raw = new byte[bytes.remaining()];
        bytes.get(raw);
        Arrays.fill(password, '\0');
        o.setPassword(raw);
        o.setCleanStart(true);
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout(wholeSeconds(config.connectTimeout()));
        o.setKeepAliveInterval(wholeSeconds(config.keepAlive()));
        config.will().ifPresent(w -> o.setWill(w.topic(), new MqttMessage(w.payload(), w.qos(), w.retained(), null)));
        return o;
    }

    private void onConnected() {
        boolean reconnect;
        int attempt;
        List<Subscription> subs;
        synchronized (lock) {
            if (closed) {
                release(false);
                return;
            }
            reconnect = everConnected;
            everConnected = true;
            attempt = failures + 1;
            failures = 0;
            subs = new ArrayList<>(subscriptions.values());
        }
        Logger.info("{}: {} to {} ({} subscriptions to restore)", name, reconnect ? "reconnected" : "connected",
                config.brokerUri(), subs.size());
        // Listeners and connected() hear of the connection only once the subscriptions are back, so whatever
        // they publish in response (presence, a clock request) can already be answered.
        CompletableFuture.allOf(subs.stream().map(this::sendSubscribe).toArray(CompletableFuture[]::new))
                .whenComplete((ok, error) -> onScheduler(() -> announceConnected(reconnect, attempt)));
    }

    private void announceConnected(boolean reconnect, int attempt) {
        CompletableFuture<Void> toComplete;
        synchronized (lock) {
            if (closed || !paho.isConnected()) {
                return;
            }
            toComplete = connected;
        }
        toComplete.complete(null);
        fire(new ConnectionEvent(reconnect ? ConnectionEvent.State.RECONNECTED : ConnectionEvent.State.CONNECTED,
                attempt, "connected to " + config.brokerUri()));
    }

    private void onConnectFailed(Throwable error) {
        Duration delay;
        int attempt;
        synchronized (lock) {
            if (closed) {
                return;
            }
            attempt = ++failures;
            delay = backoff(attempt);
        }
        String detail = "connect to " + config.brokerUri() + " failed (attempt " + attempt + "): " + describe(error)
                + "; retrying in " + delay.toMillis() + " ms";
        if (attempt == 1 || Integer.bitCount(attempt) == 1) {
            Logger.warn("{}: {}", name, detail);
        }
        fire(new ConnectionEvent(ConnectionEvent.State.CONNECT_FAILED, attempt, detail));
        scheduleAttempt(delay);
    }

    private void onConnectionLost(String cause) {
        CompletableFuture<Void> previous;
        synchronized (lock) {
            if (closed) {
                return;
            }
            previous = connected;
            if (previous.isDone()) {
                connected = new CompletableFuture<>();
            }
        }
        String detail = "connection to " + config.brokerUri() + " lost: " + cause;
        Logger.warn("{}: {}", name, detail);
        fire(new ConnectionEvent(ConnectionEvent.State.DISCONNECTED, 0, detail));
        scheduleAttempt(config.minReconnectDelay());
    }

    /** min × 2^(failures−1), capped at max. */
    Duration backoff(int failures) {
        Duration delay = config.minReconnectDelay();
        for (int i = 1; i < failures && delay.compareTo(config.maxReconnectDelay()) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(config.maxReconnectDelay()) > 0 ? config.maxReconnectDelay() : delay;
    }

    /** Completes when the broker answered (granted or refused) or the attempt failed; never exceptionally. */
    private CompletableFuture<Void> sendSubscribe(Subscription sub) {
        CompletableFuture<Void> answered = new CompletableFuture<>();
        try {
            paho.subscribe(sub.filter, sub.qos, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                        synchronized (lock) {
                            subscriptions.remove(sub.filter, sub);
                        }
                        String message = name + ": broker refused subscription to '" + sub.filter + "' (reason "
                                + reason(codes[0]) + ")";
                        Logger.error(message);
                        sub.acknowledged.completeExceptionally(new IllegalStateException(message));
                    } else {
                        sub.acknowledged.complete(null);
                    }
                    answered.complete(null);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable error) {
                    // The connection dropped mid-way; the next connect subscribes again.
                    Logger.debug("{}: subscribe to '{}' failed: {}", name, sub.filter, describe(error));
                    answered.complete(null);
                }
            });
        } catch (MqttException | RuntimeException e) {
            Logger.debug("{}: subscribe to '{}' failed: {}", name, sub.filter, describe(e));
            answered.complete(null);
        }
        return answered;
    }

    private MqttActionListener completing(CompletableFuture<Void> done, String action) {
        return new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                int[] codes = token.getReasonCodes();
                if (codes != null) {
                    for (int code : codes) {
                        if (code >= 0x80) {
                            done.completeExceptionally(new IllegalStateException(
                                    name + ": " + action + " refused by the broker (reason " + reason(code) + ")"));
                            return;
                        }
                    }
                }
                done.complete(null);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable error) {
                done.completeExceptionally(new IllegalStateException(name + ": " + action + " failed: "
                        + describe(error), error));
            }
        };
    }

    private void fire(ConnectionEvent event) {
        for (Consumer<ConnectionEvent> listener : eventListeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                Logger.error(e, "{}: connection event listener failed on {}", name, event.state());
            }
        }
        if (event.state() == ConnectionEvent.State.CONNECT_FAILED) {
            return;
        }
        for (ConnectionListener listener : listeners) {
            try {
                listener.onChange(event.connected());
            } catch (RuntimeException e) {
                Logger.error(e, "{}: connection listener failed on {}", name, event.state());
            }
        }
    }

    private void onScheduler(Runnable task) {
        try {
            scheduler.execute(task);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            String cause = response.getException() != null ? describe(response.getException())
                    : "broker sent DISCONNECT (reason " + reason(response.getReturnCode()) + ")";
            onScheduler(() -> onConnectionLost(cause));
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            Logger.warn("{}: protocol error: {}", name, describe(exception));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            List<Subscription> matching = new ArrayList<>(2);
            synchronized (lock) {
                for (Subscription sub : subscriptions.values()) {
                    if (matches(sub.filter, topic)) {
                        matching.add(sub);
                    }
                }
            }
            byte[] payload = message.getPayload();
            for (Subscription sub : matching) {
                try {
                    sub.handler.onMessage(topic, payload.clone());
                } catch (RuntimeException e) {
                    Logger.error(e, "{}: handler for '{}' failed on a message on '{}' ({} bytes)", name, sub.filter,
                            topic, payload.length);
                }
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }

    private static boolean matches(String filter, String topic) {
        try {
            return MqttTopicValidator.isMatched(filter, topic);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void checkQos(int qos, String topic) {
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException(name + ": qos for '" + topic + "' must be 0, 1 or 2, was " + qos);
        }
    }

    private static int wholeSeconds(Duration d) {
        long seconds = d.toSeconds() + (d.toNanosPart() > 0 ? 1 : 0);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, seconds));
    }

    private static String describe(Throwable e) {
        if (e instanceof MqttException m) {
            String message = m.getMessage();
            return (message == null ? "MQTT error" : message) + " (reason " + reason(m.getReasonCode()) + ")"
                    + (m.getCause() != null ? ": " + m.getCause() : "");
        }
        return String.valueOf(e);
    }

    private static String reason(int code) {
        String text = switch (code) {
            case 0x80 -> "unspecified error";
            case 0x83 -> "implementation specific error";
            case 0x84 -> "unsupported protocol version";
            case 0x85 -> "client identifier not valid";
            case 0x86 -> "bad user name or password";
            case 0x87 -> "not authorized";
            case 0x88 -> "server unavailable";
            case 0x8F -> "topic filter invalid";
            case 0x90 -> "topic name invalid";
            case 0x95 -> "packet too large";
            default -> null;
        };
        return String.format("0x%02X", code) + (text == null ? "" : " " + text);
    }
}
