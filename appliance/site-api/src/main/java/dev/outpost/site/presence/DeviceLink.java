package dev.outpost.site.presence;

import dev.outpost.site.clock.SiteClock;
import dev.outpost.site.message.DeviceHeartbeat;
import dev.outpost.site.message.Messages;
import dev.outpost.site.message.Presence;
import dev.outpost.site.message.PresenceState;
import dev.outpost.site.mqtt.ClientConfig;
import dev.outpost.site.mqtt.SiteMqttClient;
import dev.outpost.site.mqtt.Will;
import dev.outpost.site.topic.Topics;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * A device's link to its site: it connects to the site broker with its own account, leaves a last will that marks
 * it OFFLINE, announces itself ONLINE (retained) on every connect, sends heartbeats, and keeps the site clock.
 * Display agents and gate controllers share it.
 */
public final class DeviceLink implements AutoCloseable {

    /** Who the device is and where its site broker is. */
    public record Identity(String siteId, String deviceId, String role, String version) {
    }

    private static final Duration OFFLINE_ACK = Duration.ofSeconds(2);

    private final Identity identity;
    private final InstantSource clock;
    private final Supplier<String> state;
    private final SiteMqttClient mqtt;
    private final SiteClock siteClock;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong sequence = new AtomicLong();

    private DeviceLink(Identity identity, InstantSource clock, Supplier<String> state, SiteMqttClient mqtt,
                       SiteClock siteClock, ScheduledExecutorService scheduler) {
        this.identity = identity;
        this.clock = clock;
        this.state = state;
        this.mqtt = mqtt;
        this.siteClock = siteClock;
        this.scheduler = scheduler;
    }

    /**
     * Connects (retrying in the background until the broker answers) and starts heartbeats every {@code period}.
     * {@code state} is asked for the device's state on every heartbeat.
     */
    public static DeviceLink open(Identity identity, URI broker, char[] password, Duration period, InstantSource clock,
                                  Supplier<String> state) {
        String presenceTopic = Topics.presence(identity.siteId(), identity.deviceId());
        byte[] offline = Messages.encode(new Presence(identity.deviceId(), identity.role(), identity.version(),
                PresenceState.OFFLINE, clock.instant()));
        SiteMqttClient mqtt = SiteMqttClient.connect(new ClientConfig(broker, identity.deviceId(), identity.deviceId(),
                password, Optional.of(new Will(presenceTopic, offline, 1, true)), Duration.ofSeconds(5),
                Duration.ofMillis(200), Duration.ofSeconds(10)));
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                r -> new Thread(r, "device-link-" + identity.deviceId()));
        SiteClock siteClock = SiteClock.start(mqtt, identity.siteId(), identity.deviceId(), clock);
        DeviceLink link = new DeviceLink(identity, clock, state, mqtt, siteClock, scheduler);
        mqtt.onConnectionChange(connected -> {
            if (connected) {
                link.announce(PresenceState.ONLINE);
            }
        });
        if (mqtt.isConnected()) {
            link.announce(PresenceState.ONLINE);
        }
        scheduler.scheduleAtFixedRate(link::heartbeat, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return link;
    }

    public boolean isConnected() {
        return mqtt.isConnected();
    }

    public SiteClock siteClock() {
        return siteClock;
    }

    public SiteMqttClient mqtt() {
        return mqtt;
    }

    private CompletableFuture<Void> announce(PresenceState presence) {
        return mqtt.publish(Topics.presence(identity.siteId(), identity.deviceId()), Messages.encode(new Presence(
                        identity.deviceId(), identity.role(), identity.version(), presence, clock.instant())), 1, true)
                .whenComplete((ok, e) -> {
                    if (e != null) {
                        Logger.warn("device {}: presence {} not published: {}", identity.deviceId(), presence, e.getMessage());
                    }
                });
    }

    private void heartbeat() {
        if (!mqtt.isConnected()) {
            return;
        }
        try {
            mqtt.publish(Topics.heartbeat(identity.siteId(), identity.deviceId()), Messages.encode(new DeviceHeartbeat(
                    identity.deviceId(), identity.role(), identity.version(), state.get(), clock.instant(),
                    sequence.incrementAndGet())), 0, false);
        } catch (RuntimeException e) {
            Logger.warn("device {}: heartbeat not published: {}", identity.deviceId(), e.getMessage());
        }
    }

    /** Says OFFLINE (a clean disconnect does not fire the last will), then disconnects. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        if (mqtt.isConnected()) {
            try {
                // wait for the broker's acknowledgement: disconnecting under it makes the broker write to a closed socket
                announce(PresenceState.OFFLINE).get(OFFLINE_ACK.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                Logger.warn("device {}: going offline without the broker's acknowledgement: {}", identity.deviceId(), e.toString());
            }
        }
        siteClock.close();
        mqtt.close();
    }
}
